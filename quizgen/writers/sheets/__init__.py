"""Bubble answer sheets: one page per worksheet version, read back by `quizgen grade`.

keydoc.py is the key document a worksheet version publishes (the grading interface);
layout.py places every mark, bubble and box of a sheet and returns that geometry as JSON;
draw.py prints the geometry with ReportLab; artifacts.py is what the worksheet writer calls.
Nothing here imports OpenCV or numpy: printing never pays for scanning.
"""
