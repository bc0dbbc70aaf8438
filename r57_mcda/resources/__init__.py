"""Data shipped inside the package: the bundled criteria sets and the sample panel.

``criteria`` and ``sample_inputs`` here are relative symbolic links to the project's top-level
``criteria/`` and ``sample_inputs/`` folders, the one copy that people edit. An editable install
reads those folders through the links; building a wheel copies their files into the wheel (see
``[tool.setuptools.package-data]`` in ``pyproject.toml``). Read them with
:mod:`r57_mcda.io.bundled`, never by a path relative to this file.
"""
