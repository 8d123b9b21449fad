"""The network's words for partner types and policy outcomes, in Thai and English, as typed.

Each value has its Thai name first (the name the network's own list shows), then the other
words coordinators type for it. ``loaders.vocab`` folds these into its fixed fields: a partner's
``partner_type``, and a lesson's or event's ``policy_level`` and ``policy_type``; a partner's
``sector`` column takes a type too (วัด/พระสงฆ์ there is the type temple, under civil society).

Where the words come from: the activity tracker the network's staff use
(``../shared/network/README.md``); the sectors each type falls under are ``graph.model``'s
``PARTNER_TYPE_SECTOR`` (``docs/geography.md``).
"""

from __future__ import annotations

from phakhee.graph.model import PartnerType, PolicyLevel, PolicyType

Words = dict[str, tuple[str, ...]]

PARTNER_TYPE: Words = {
    PartnerType.LOCAL_GOVERNMENT: (
        "อบต./เทศบาล",
        "อบต.",
        "อบต",
        "เทศบาล",
        "องค์การบริหารส่วนตำบล",
        "องค์กรปกครองส่วนท้องถิ่น",
        "อปท.",
        "อปท",
        "local government",
        "subdistrict administrative organisation",
        "municipality",
    ),
    PartnerType.DISTRICT_OFFICE: (
        "อำเภอ/ฝ่ายปกครอง",
        "อำเภอ",
        "ที่ว่าการอำเภอ",
        "ฝ่ายปกครอง",
        "นายอำเภอ",
        "district office",
    ),
    PartnerType.COMMUNITY_LEADER: (
        "ผู้ใหญ่บ้าน/กำนัน/ผู้นำชุมชน",
        "ผู้ใหญ่บ้าน",
        "กำนัน",
        "ผู้นำชุมชน",
        "village headman",
        "community leader",
    ),
    PartnerType.TEMPLE: ("วัด/พระสงฆ์", "วัด", "พระสงฆ์", "พระ", "temple", "monks"),
    PartnerType.SCHOOL: (
        "โรงเรียน/สถานศึกษา",
        "โรงเรียน",
        "สถานศึกษา",
        "มหาวิทยาลัย",
        "school",
        "university",
    ),
    PartnerType.HEALTH: (
        "รพ.สต./สาธารณสุข",
        "รพ.สต.",
        "รพ.สต",
        "รพสต",
        "สาธารณสุข",
        "โรงพยาบาล",
        "สสจ.",
        "สสอ.",
        "public health",
        "health office",
        "hospital",
    ),
    PartnerType.HEALTH_VOLUNTEER: (
        "อสม.",
        "อสม",
        "อาสาสมัครสาธารณสุขประจำหมู่บ้าน",
        "village health volunteer",
        "VHV",
    ),
    PartnerType.POLICE: ("ตำรวจ", "สถานีตำรวจ", "สภ.", "police"),
    PartnerType.YOUTH: ("กลุ่มเยาวชน", "เยาวชน", "youth group", "youth"),
    PartnerType.WOMEN_ELDERLY: (
        "กลุ่มสตรี/ผู้สูงอายุ",
        "กลุ่มสตรี",
        "กลุ่มผู้สูงอายุ",
        "สตรี",
        "ผู้สูงอายุ",
        "ชมรมผู้สูงอายุ",
        "women's group",
        "elderly",
    ),
    PartnerType.BUSINESS: (
        "ภาคเอกชน/ร้านค้า",
        "ร้านค้า",
        "ร้านค้าชุมชน",
        "shop",
        "shops",
    ),
    PartnerType.CIVIL_SOCIETY_ORG: (
        "องค์กรภาคประชาสังคม",
        "องค์กรพัฒนาเอกชน",
        "NGO",
        "มูลนิธิ",
        "สมาคม",
        "civil society organisation",
        "civil society organization",
    ),
}
"""The twelve types. A word both a sector's and a type's is the sector's (ภาคเอกชน alone is the
sector private; the type is named in full, ภาคเอกชน/ร้านค้า, or by its other words), but for
องค์กรภาคประชาสังคม: the type, whose sector is the same."""

POLICY_LEVEL: Words = {
    PolicyLevel.VILLAGE: ("หมู่บ้าน", "ระดับหมู่บ้าน", "ชุมชน", "village", "community"),
    PolicyLevel.SUBDISTRICT: ("ตำบล", "ระดับตำบล", "แขวง", "subdistrict", "tambon"),
    PolicyLevel.DISTRICT: ("อำเภอ", "ระดับอำเภอ", "เขต", "district", "amphoe"),
    PolicyLevel.PROVINCE: ("จังหวัด", "ระดับจังหวัด", "province", "provincial"),
    PolicyLevel.COUNTRY: ("ประเทศ", "ระดับประเทศ", "ระดับชาติ", "national", "country"),
}
POLICY_TYPE: Words = {
    PolicyType.CHARTER: (
        "ธรรมนูญตำบล/ธรรมนูญสุขภาพ",
        "ธรรมนูญตำบล",
        "ธรรมนูญสุขภาพ",
        "ธรรมนูญ",
        "ธรรมนูญสุขภาพตำบล",
        "health charter",
    ),
    PolicyType.COMMUNITY_RULE: (
        "กติกาชุมชน/ข้อตกลงหมู่บ้าน",
        "กติกาชุมชน",
        "ข้อตกลงหมู่บ้าน",
        "ข้อตกลงชุมชน",
        "กติกาหมู่บ้าน",
        "community rule",
    ),
    PolicyType.SUBDISTRICT_AGREEMENT: (
        "ข้อตกลงระดับตำบล",
        "ข้อตกลงตำบล",
        "subdistrict agreement",
    ),
    PolicyType.MOU: ("MOU/บันทึกข้อตกลง", "MOU", "บันทึกข้อตกลง", "บันทึกความร่วมมือ", "MoU"),
    PolicyType.LOCAL_POLICY: (
        "นโยบายท้องถิ่น (อบต./เทศบาล)",
        "นโยบายท้องถิ่น",
        "นโยบาย อบต.",
        "นโยบายเทศบาล",
        "local policy",
    ),
    PolicyType.DHB_POLICY: (
        "นโยบาย พชอ.",
        "นโยบาย พชอ",
        "พชอ.",
        "พชอ",
        "district health board",
        "DHB",
    ),
    PolicyType.PROVINCIAL_ORDER: (
        "ประกาศ/คำสั่งจังหวัด",
        "ประกาศจังหวัด",
        "คำสั่งจังหวัด",
        "provincial order",
        "provincial announcement",
    ),
    PolicyType.PROJECT: ("โครงการ", "project"),
    PolicyType.OTHER: ("อื่น ๆ", "อื่นๆ", "อื่น"),
}
