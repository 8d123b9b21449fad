"""The analytics' compiled kernels; everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "phakhee.queries.analytics._kernels",
            ["queries/analytics/_kernels.pyx"],
            # No fused multiply-add: the kernels must round as NetworkX's Python arithmetic does.
            extra_compile_args=["-O2", "-ffp-contract=off"],
        )
    ]
)
