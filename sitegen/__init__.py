"""Generated help centers: the content both the test suite and the benchmarks build.

:mod:`sitegen.generate` writes a kbgen content folder of any size from a seed, with the words of
:mod:`sitegen.vocab` and the screenshots of :mod:`sitegen.png`. It is not part of the kbgen
package (the wheel ships ``kbgen/`` only) and imports neither ``tests`` nor ``bench``, so both
can use it without depending on each other (``tests/test_repository_imports.py``).
"""
