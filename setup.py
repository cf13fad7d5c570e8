"""Build hook for medclaims' optional C speedups (everything else is in pyproject.toml).

Two small extensions: the X12 reader's split (medclaims/x12/_speedups.c) and the
helper that leaves parsed records out of the cyclic garbage collector
(medclaims/_support/_acyclic.c). ``optional=True``: where no C compiler or Python headers
are found the build goes on without them, and medclaims runs as pure Python
(medclaims/x12/reader.py and medclaims/_support/records.py fall back).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("medclaims.x12._speedups", ["medclaims/x12/_speedups.c"], optional=True),
        Extension("medclaims._support._acyclic", ["medclaims/_support/_acyclic.c"], optional=True),
    ]
)
