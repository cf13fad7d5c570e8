"""Build hook for the optional C speedup of the X12 reader (everything else is in pyproject.toml).

``optional=True``: where no C compiler or Python headers are found the build goes on
without it, and medclaims runs as pure Python (medclaims/x12/reader.py falls back).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("medclaims.x12._speedups", ["medclaims/x12/_speedups.c"],
                             optional=True)])
