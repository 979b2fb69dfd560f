"""Reads the chapter's program (Code 10.2.1) and its printed Output 10.2.1 out of the
chapter text at run time, so no copy of the program is kept in this repository.
Shared by tools/make-book-fixtures.py and bench/chapter_part1.py."""


def extract_program(chapter_text):
    """The source of Code 10.2.1: from its first import to its caption."""
    start = chapter_text.index("import random, math")
    end = chapter_text.index("Code 10.2.1:", start)
    return chapter_text[start:end]


def chapter_output(chapter_text):
    """Output 10.2.1 as printed in the chapter (the lines after the Code 10.2.1 caption)."""
    caption = chapter_text.index("Code 10.2.1:")
    body_start = chapter_text.index("\n", caption) + 1
    body_end = chapter_text.index("Output 10.2.1:", body_start)
    return chapter_text[body_start:body_end]
