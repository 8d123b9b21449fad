"""Thailand's six geographical regions and 77 provinces (names, centroids, populations, aliases),
and the network's ten zones, its own second grouping of the provinces."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RegionInfo:
    """One of the six regions of the National Geographical Committee (1977) scheme."""

    slug: str
    name_th: str
    name_en: str


@dataclass(frozen=True, slots=True)
class ProvinceInfo:
    """A province: RTGS slug and English name (Royal Institute spelling), Thai name without จังหวัด.

    lat/lon are those of the provincial capital (2 decimals); population is the registered
    population (DOPA, end of 2023) rounded to thousands; aliases are other spellings users type.
    """

    slug: str
    name_th: str
    name_en: str
    region: str
    lat: float
    lon: float
    population: int
    aliases: tuple[str, ...] = ()


REGIONS: tuple[RegionInfo, ...] = (
    RegionInfo("north", "ภาคเหนือ", "North"),
    RegionInfo("northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeast"),
    RegionInfo("central", "ภาคกลาง", "Central"),
    RegionInfo("east", "ภาคตะวันออก", "East"),
    RegionInfo("west", "ภาคตะวันตก", "West"),
    RegionInfo("south", "ภาคใต้", "South"),
)


@dataclass(frozen=True, slots=True)
class ZoneInfo:
    """One of the network's ten zones (its activity tracker's grouping of the provinces).

    ``short_th`` is the name the tracker stores (เหนือบน), ``name_th`` the name it shows (ภาค +
    the name; Bangkok is shown as กรุงเทพฯ); ``provinces`` are province slugs.
    """

    slug: str
    short_th: str
    name_th: str
    name_en: str
    provinces: tuple[str, ...]


PROVINCES: tuple[ProvinceInfo, ...] = (
    ProvinceInfo(
        "amnat-charoen",
        "อำนาจเจริญ",
        "Amnat Charoen",
        "northeast",
        15.86,
        104.63,
        378_000,
        ("Amnatcharoen", "Amnat Charern"),
    ),
    ProvinceInfo(
        "ang-thong", "อ่างทอง", "Ang Thong", "central", 14.59, 100.45, 274_000, ("Angthong",)
    ),
    ProvinceInfo(
        "bangkok",
        "กรุงเทพมหานคร",
        "Bangkok",
        "central",
        13.75,
        100.50,
        5_472_000,
        ("กทม", "กทม.", "กรุงเทพ", "กรุงเทพฯ", "Krung Thep", "Krung Thep Maha Nakhon", "BKK"),
    ),
    ProvinceInfo(
        "bueng-kan",
        "บึงกาฬ",
        "Bueng Kan",
        "northeast",
        18.36,
        103.65,
        424_000,
        ("Buengkan", "Bueng Karn", "Bungkan", "Bung Kan"),
    ),
    ProvinceInfo(
        "buri-ram",
        "บุรีรัมย์",
        "Buri Ram",
        "northeast",
        14.99,
        103.10,
        1_578_000,
        ("Buriram", "Burirum"),
    ),
    ProvinceInfo(
        "chachoengsao",
        "ฉะเชิงเทรา",
        "Chachoengsao",
        "east",
        13.69,
        101.07,
        727_000,
        ("แปดริ้ว", "Chachengsao", "Chacherngsao"),
    ),
    ProvinceInfo("chai-nat", "ชัยนาท", "Chai Nat", "central", 15.19, 100.13, 323_000, ("Chainat",)),
    ProvinceInfo(
        "chaiyaphum",
        "ชัยภูมิ",
        "Chaiyaphum",
        "northeast",
        15.81,
        102.03,
        1_127_000,
        ("Chaiyapoom", "Chaiyaphoom"),
    ),
    ProvinceInfo(
        "chanthaburi",
        "จันทบุรี",
        "Chanthaburi",
        "east",
        12.61,
        102.10,
        538_000,
        ("Chantaburi", "Chanthaburee"),
    ),
    ProvinceInfo(
        "chiang-mai",
        "เชียงใหม่",
        "Chiang Mai",
        "north",
        18.79,
        98.98,
        1_792_000,
        ("Chiangmai", "Chiengmai"),
    ),
    ProvinceInfo(
        "chiang-rai",
        "เชียงราย",
        "Chiang Rai",
        "north",
        19.91,
        99.83,
        1_298_000,
        ("Chiangrai", "Chiengrai"),
    ),
    ProvinceInfo(
        "chon-buri",
        "ชลบุรี",
        "Chon Buri",
        "east",
        13.36,
        100.98,
        1_618_000,
        ("Chonburi", "Cholburi"),
    ),
    ProvinceInfo(
        "chumphon", "ชุมพร", "Chumphon", "south", 10.49, 99.18, 511_000, ("Chumporn", "Chumpon")
    ),
    ProvinceInfo("kalasin", "กาฬสินธุ์", "Kalasin", "northeast", 16.43, 103.51, 975_000),
    ProvinceInfo(
        "kamphaeng-phet",
        "กำแพงเพชร",
        "Kamphaeng Phet",
        "central",
        16.48,
        99.52,
        728_000,
        ("Kamphaengphet", "Kampaeng Phet", "Kamphang Phet"),
    ),
    ProvinceInfo(
        "kanchanaburi",
        "กาญจนบุรี",
        "Kanchanaburi",
        "west",
        14.02,
        99.53,
        896_000,
        ("เมืองกาญจน์", "Kanjanaburi", "Kanchana Buri"),
    ),
    ProvinceInfo(
        "khon-kaen",
        "ขอนแก่น",
        "Khon Kaen",
        "northeast",
        16.43,
        102.83,
        1_795_000,
        ("Khonkaen", "Khon Kean", "Khonkean"),
    ),
    ProvinceInfo("krabi", "กระบี่", "Krabi", "south", 8.09, 98.91, 480_000),
    ProvinceInfo("lampang", "ลำปาง", "Lampang", "north", 18.29, 99.49, 726_000),
    ProvinceInfo(
        "lamphun", "ลำพูน", "Lamphun", "north", 18.58, 99.01, 406_000, ("Lampoon", "Lamphoon")
    ),
    ProvinceInfo("loei", "เลย", "Loei", "northeast", 17.49, 101.72, 639_000, ("Leoi",)),
    ProvinceInfo(
        "lop-buri", "ลพบุรี", "Lop Buri", "central", 14.80, 100.65, 755_000, ("Lopburi", "Lob Buri")
    ),
    ProvinceInfo(
        "mae-hong-son",
        "แม่ฮ่องสอน",
        "Mae Hong Son",
        "north",
        19.30,
        97.97,
        286_000,
        ("Maehongson", "Mae Hongson"),
    ),
    ProvinceInfo(
        "maha-sarakham",
        "มหาสารคาม",
        "Maha Sarakham",
        "northeast",
        16.18,
        103.30,
        961_000,
        ("สารคาม", "Mahasarakham", "Sarakham", "Maha Sarakam"),
    ),
    ProvinceInfo(
        "mukdahan", "มุกดาหาร", "Mukdahan", "northeast", 16.54, 104.72, 353_000, ("Mukdaharn",)
    ),
    ProvinceInfo(
        "nakhon-nayok",
        "นครนายก",
        "Nakhon Nayok",
        "central",
        14.20,
        101.21,
        262_000,
        ("Nakhonnayok", "Nakorn Nayok"),
    ),
    ProvinceInfo(
        "nakhon-pathom",
        "นครปฐม",
        "Nakhon Pathom",
        "central",
        13.82,
        100.06,
        925_000,
        ("Nakhonpathom", "Nakorn Pathom"),
    ),
    ProvinceInfo(
        "nakhon-phanom",
        "นครพนม",
        "Nakhon Phanom",
        "northeast",
        17.41,
        104.78,
        721_000,
        ("Nakhonphanom", "Nakorn Phanom", "Nakhon Panom"),
    ),
    ProvinceInfo(
        "nakhon-ratchasima",
        "นครราชสีมา",
        "Nakhon Ratchasima",
        "northeast",
        14.97,
        102.10,
        2_629_000,
        ("โคราช", "Korat", "Khorat", "Nakhonratchasima", "Nakorn Ratchasima"),
    ),
    ProvinceInfo(
        "nakhon-sawan",
        "นครสวรรค์",
        "Nakhon Sawan",
        "central",
        15.70,
        100.14,
        1_030_000,
        ("ปากน้ำโพ", "Nakhonsawan", "Nakorn Sawan"),
    ),
    ProvinceInfo(
        "nakhon-si-thammarat",
        "นครศรีธรรมราช",
        "Nakhon Si Thammarat",
        "south",
        8.43,
        99.96,
        1_548_000,
        ("นครศรีฯ", "นครศรี", "Nakhon Si", "Nakhon Sri Thammarat", "Nakorn Sri Thammarat"),
    ),
    ProvinceInfo("nan", "น่าน", "Nan", "north", 18.78, 100.78, 476_000),
    ProvinceInfo(
        "narathiwat",
        "นราธิวาส",
        "Narathiwat",
        "south",
        6.43,
        101.82,
        812_000,
        ("นราฯ", "Narathiwas", "Naradhiwas"),
    ),
    ProvinceInfo(
        "nong-bua-lam-phu",
        "หนองบัวลำภู",
        "Nong Bua Lam Phu",
        "northeast",
        17.20,
        102.43,
        512_000,
        ("Nong Bua Lamphu", "Nongbualamphu", "Nongbua Lamphu"),
    ),
    ProvinceInfo(
        "nong-khai",
        "หนองคาย",
        "Nong Khai",
        "northeast",
        17.88,
        102.74,
        523_000,
        ("Nongkhai", "Nong Kai"),
    ),
    ProvinceInfo(
        "nonthaburi", "นนทบุรี", "Nonthaburi", "central", 13.86, 100.51, 1_288_000, ("Nontaburi",)
    ),
    ProvinceInfo(
        "pathum-thani",
        "ปทุมธานี",
        "Pathum Thani",
        "central",
        14.02,
        100.53,
        1_201_000,
        ("Pathumthani", "Patumthani"),
    ),
    ProvinceInfo("pattani", "ปัตตานี", "Pattani", "south", 6.87, 101.25, 736_000, ("Patani",)),
    ProvinceInfo(
        "phangnga",
        "พังงา",
        "Phangnga",
        "south",
        8.45,
        98.53,
        268_000,
        ("Phang Nga", "Phang-nga", "Pang Nga"),
    ),
    ProvinceInfo(
        "phatthalung",
        "พัทลุง",
        "Phatthalung",
        "south",
        7.62,
        100.08,
        527_000,
        ("Phattalung", "Patthalung", "Phatalung"),
    ),
    ProvinceInfo("phayao", "พะเยา", "Phayao", "north", 19.17, 99.90, 465_000, ("Payao",)),
    ProvinceInfo(
        "phetchabun",
        "เพชรบูรณ์",
        "Phetchabun",
        "central",
        16.42,
        101.16,
        987_000,
        ("Petchabun", "Phetchaboon"),
    ),
    ProvinceInfo(
        "phetchaburi",
        "เพชรบุรี",
        "Phetchaburi",
        "west",
        13.11,
        99.94,
        487_000,
        ("เมืองเพชร", "Phetburi", "Petchaburi", "Phet Buri"),
    ),
    ProvinceInfo("phichit", "พิจิตร", "Phichit", "central", 16.44, 100.35, 524_000, ("Pichit",)),
    ProvinceInfo(
        "phitsanulok",
        "พิษณุโลก",
        "Phitsanulok",
        "central",
        16.82,
        100.27,
        849_000,
        ("Pitsanulok", "Phitsanuloke"),
    ),
    ProvinceInfo(
        "phra-nakhon-si-ayutthaya",
        "พระนครศรีอยุธยา",
        "Phra Nakhon Si Ayutthaya",
        "central",
        14.35,
        100.57,
        822_000,
        ("อยุธยา", "กรุงศรีอยุธยา", "Ayutthaya", "Ayuthaya", "Ayudhya"),
    ),
    ProvinceInfo("phrae", "แพร่", "Phrae", "north", 18.14, 100.14, 436_000, ("Prae",)),
    ProvinceInfo("phuket", "ภูเก็ต", "Phuket", "south", 7.88, 98.39, 419_000),
    ProvinceInfo(
        "prachin-buri",
        "ปราจีนบุรี",
        "Prachin Buri",
        "east",
        14.05,
        101.37,
        498_000,
        ("Prachinburi", "Prachin"),
    ),
    ProvinceInfo(
        "prachuap-khiri-khan",
        "ประจวบคีรีขันธ์",
        "Prachuap Khiri Khan",
        "west",
        11.81,
        99.80,
        556_000,
        ("ประจวบ", "ประจวบฯ", "Prachuap", "Prachuab", "Prachuab Khiri Khan", "Prachuap Kirikhan"),
    ),
    ProvinceInfo("ranong", "ระนอง", "Ranong", "south", 9.96, 98.64, 195_000),
    ProvinceInfo(
        "ratchaburi",
        "ราชบุรี",
        "Ratchaburi",
        "west",
        13.54,
        99.82,
        865_000,
        ("Rajaburi", "Ratburi", "Ratcha Buri"),
    ),
    ProvinceInfo("rayong", "ระยอง", "Rayong", "east", 12.68, 101.28, 759_000),
    ProvinceInfo(
        "roi-et",
        "ร้อยเอ็ด",
        "Roi Et",
        "northeast",
        16.05,
        103.65,
        1_299_000,
        ("Roiet", "Roi-Et", "Roi-et"),
    ),
    ProvinceInfo(
        "sa-kaeo",
        "สระแก้ว",
        "Sa Kaeo",
        "east",
        13.81,
        102.07,
        570_000,
        ("Sakaeo", "Sa Kaew", "Srakaew", "Sra Kaeo"),
    ),
    ProvinceInfo(
        "sakon-nakhon",
        "สกลนคร",
        "Sakon Nakhon",
        "northeast",
        17.16,
        104.15,
        1_154_000,
        ("Sakonnakhon", "Sakon Nakorn"),
    ),
    ProvinceInfo(
        "samut-prakan",
        "สมุทรปราการ",
        "Samut Prakan",
        "central",
        13.60,
        100.60,
        1_361_000,
        ("ปากน้ำ", "Samut Prakarn", "Samutprakan", "Samutprakarn"),
    ),
    ProvinceInfo(
        "samut-sakhon",
        "สมุทรสาคร",
        "Samut Sakhon",
        "central",
        13.55,
        100.27,
        592_000,
        ("มหาชัย", "Samut Sakorn", "Samutsakhon", "Samut Sakhorn"),
    ),
    ProvinceInfo(
        "samut-songkhram",
        "สมุทรสงคราม",
        "Samut Songkhram",
        "central",
        13.41,
        100.00,
        190_000,
        ("แม่กลอง", "Samut Songkram", "Samutsongkhram"),
    ),
    ProvinceInfo(
        "saraburi",
        "สระบุรี",
        "Saraburi",
        "central",
        14.53,
        100.91,
        648_000,
        ("Sara Buri", "Saraburee"),
    ),
    ProvinceInfo("satun", "สตูล", "Satun", "south", 6.62, 100.07, 326_000, ("Satoon",)),
    ProvinceInfo(
        "si-sa-ket",
        "ศรีสะเกษ",
        "Si Sa Ket",
        "northeast",
        15.12,
        104.32,
        1_453_000,
        ("ศรีษะเกษ", "Sisaket", "Srisaket", "Si Saket"),
    ),
    ProvinceInfo(
        "sing-buri", "สิงห์บุรี", "Sing Buri", "central", 14.89, 100.40, 206_000, ("Singburi",)
    ),
    ProvinceInfo("songkhla", "สงขลา", "Songkhla", "south", 7.19, 100.60, 1_437_000, ("Songkla",)),
    ProvinceInfo(
        "sukhothai", "สุโขทัย", "Sukhothai", "central", 17.01, 99.82, 591_000, ("Sukhotai",)
    ),
    ProvinceInfo(
        "suphan-buri",
        "สุพรรณบุรี",
        "Suphan Buri",
        "central",
        14.47,
        100.12,
        844_000,
        ("Suphanburi", "Supanburi"),
    ),
    ProvinceInfo(
        "surat-thani",
        "สุราษฎร์ธานี",
        "Surat Thani",
        "south",
        9.14,
        99.33,
        1_073_000,
        ("สุราษฎร์", "สุราษฎร์ฯ", "Suratthani", "Surat"),
    ),
    ProvinceInfo("surin", "สุรินทร์", "Surin", "northeast", 14.88, 103.49, 1_381_000),
    ProvinceInfo("tak", "ตาก", "Tak", "west", 16.88, 99.13, 675_000),
    ProvinceInfo("trang", "ตรัง", "Trang", "south", 7.56, 99.61, 643_000),
    ProvinceInfo("trat", "ตราด", "Trat", "east", 12.24, 102.51, 230_000, ("Trad",)),
    ProvinceInfo(
        "ubon-ratchathani",
        "อุบลราชธานี",
        "Ubon Ratchathani",
        "northeast",
        15.23,
        104.86,
        1_866_000,
        ("อุบล", "อุบลฯ", "Ubon", "Ubonratchathani", "Ubon Rajathani"),
    ),
    ProvinceInfo(
        "udon-thani",
        "อุดรธานี",
        "Udon Thani",
        "northeast",
        17.41,
        102.79,
        1_586_000,
        ("อุดร", "อุดรฯ", "Udon", "Udonthani", "Udorn"),
    ),
    ProvinceInfo(
        "uthai-thani",
        "อุทัยธานี",
        "Uthai Thani",
        "central",
        15.38,
        100.02,
        325_000,
        ("อุทัย", "Uthaithani"),
    ),
    ProvinceInfo(
        "uttaradit", "อุตรดิตถ์", "Uttaradit", "north", 17.62, 100.10, 452_000, ("Utaradit",)
    ),
    ProvinceInfo("yala", "ยะลา", "Yala", "south", 6.54, 101.28, 545_000),
    ProvinceInfo(
        "yasothon", "ยโสธร", "Yasothon", "northeast", 15.79, 104.15, 535_000, ("Yasothorn",)
    ),
)
"""All 77 provinces (76 and Bangkok), sorted by slug."""

assert len(PROVINCES) == 77

ZONES: tuple[ZoneInfo, ...] = (
    ZoneInfo("bangkok", "กรุงเทพฯ", "กรุงเทพฯ", "Bangkok", ("bangkok",)),
    ZoneInfo(
        "north-upper",
        "เหนือบน",
        "ภาคเหนือบน",
        "Upper North",
        (
            "chiang-mai",
            "chiang-rai",
            "lampang",
            "lamphun",
            "mae-hong-son",
            "nan",
            "phayao",
            "phrae",
        ),
    ),
    ZoneInfo(
        "north-lower",
        "เหนือล่าง",
        "ภาคเหนือล่าง",
        "Lower North",
        (
            "chai-nat",
            "nakhon-sawan",
            "uthai-thani",
            "kamphaeng-phet",
            "tak",
            "sukhothai",
            "phitsanulok",
            "phichit",
            "phetchabun",
            "uttaradit",
        ),
    ),
    ZoneInfo(
        "northeast-upper",
        "อีสานบน",
        "ภาคอีสานบน",
        "Upper Northeast",
        (
            "khon-kaen",
            "udon-thani",
            "loei",
            "nong-khai",
            "nong-bua-lam-phu",
            "bueng-kan",
            "nakhon-phanom",
            "sakon-nakhon",
            "kalasin",
            "roi-et",
            "maha-sarakham",
        ),
    ),
    ZoneInfo(
        "northeast-lower",
        "อีสานล่าง",
        "ภาคอีสานล่าง",
        "Lower Northeast",
        (
            "mukdahan",
            "nakhon-ratchasima",
            "chaiyaphum",
            "buri-ram",
            "surin",
            "si-sa-ket",
            "ubon-ratchathani",
            "yasothon",
            "amnat-charoen",
        ),
    ),
    ZoneInfo(
        "central",
        "กลาง",
        "ภาคกลาง",
        "Central",
        (
            "nakhon-nayok",
            "lop-buri",
            "sing-buri",
            "ang-thong",
            "phra-nakhon-si-ayutthaya",
            "saraburi",
            "pathum-thani",
            "nonthaburi",
        ),
    ),
    ZoneInfo(
        "east",
        "ตะวันออก",
        "ภาคตะวันออก",
        "East",
        (
            "samut-prakan",
            "chachoengsao",
            "prachin-buri",
            "sa-kaeo",
            "chanthaburi",
            "trat",
            "rayong",
            "chon-buri",
        ),
    ),
    ZoneInfo(
        "west",
        "ตะวันตก",
        "ภาคตะวันตก",
        "West",
        (
            "samut-songkhram",
            "samut-sakhon",
            "nakhon-pathom",
            "kanchanaburi",
            "ratchaburi",
            "suphan-buri",
            "phetchaburi",
            "prachuap-khiri-khan",
        ),
    ),
    ZoneInfo(
        "south-upper",
        "ใต้บน",
        "ภาคใต้บน",
        "Upper South",
        ("chumphon", "ranong", "surat-thani", "phangnga", "phuket", "krabi", "nakhon-si-thammarat"),
    ),
    ZoneInfo(
        "south-lower",
        "ใต้ล่าง",
        "ภาคใต้ล่าง",
        "Lower South",
        ("trang", "phatthalung", "satun", "songkhla", "pattani", "yala", "narathiwat"),
    ),
)
"""The network's ten zones, in the order of its tracker (``docs/places.md``); every province is
in exactly one."""

assert sorted(s for z in ZONES for s in z.provinces) == [p.slug for p in PROVINCES]
