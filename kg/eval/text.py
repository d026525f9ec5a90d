"""Rebuild running text from a corpus's tokens, keeping where every token landed.

Gold annotations index tokens; kg writes character offsets. :func:`detokenize` lays the tokens
out as readable text (no space before ``,`` or ``'s``, none after ``(`` or ``$``, PTB quotes
as curly quotes) and returns each token's character span, so gold spans map onto the text.

>>> text, spans = detokenize([["Acme", "(", "ACM", ")", "won", "$", "12", "billion", "."]])
>>> text
'Acme (ACM) won $12 billion.'
>>> text[slice(*spans[2])]
'ACM'
"""

from __future__ import annotations

from collections.abc import Sequence

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "''", "...", "'"}
_CLITICS = {"'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "'S", "N'T"}
_NO_SPACE_AFTER = {"(", "[", "{", "``", "`"}
_RENDER = {"``": "“", "''": "”", "-LRB-": "(", "-RRB-": ")"}

Span = tuple[int, int]


def _is_currency(token: str) -> bool:
    return token.endswith("$") or token in ("£", "€", "¥")


def detokenize(lines: Sequence[Sequence[str]]) -> tuple[str, list[Span]]:
    """Join ``lines`` (each a list of tokens) with newlines; return the text and, in token
    order across all lines, each token's (start, end) character span."""
    parts: list[str] = []
    spans: list[Span] = []
    offset = 0
    for n, tokens in enumerate(lines):
        if n:
            parts.append("\n")
            offset += 1
        previous: str | None = None
        open_quote = False
        for token in tokens:
            shown = _RENDER.get(token, token)
            if token == '"':
                shown = "“" if not open_quote else "”"
            glue = previous is None or (
                token in _NO_SPACE_BEFORE
                or token in _CLITICS
                or token == "''"
                or (token == '"' and open_quote)
                or previous in _NO_SPACE_AFTER
                or (previous == '"' and open_quote)
                or _is_currency(previous)
            )
            if token == '"':
                open_quote = not open_quote
            if not glue:
                parts.append(" ")
                offset += 1
            parts.append(shown)
            spans.append((offset, offset + len(shown)))
            offset += len(shown)
            previous = token
    return "".join(parts), spans
