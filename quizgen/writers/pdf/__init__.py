"""Printable PDF output: worksheet versions, answer keys and the study guide.

Only fonts.py, layout.py and charts.py import ReportLab, and only the PDF writers import
them, so nothing here slows down the CLI or the terminal quiz. versions.py is plain Python.
"""
