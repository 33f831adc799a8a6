"""The `-k EXPR` of `run` and `play`: a pytest-like expression over scenario names and tags."""

from __future__ import annotations

from collections.abc import Callable, Sequence

Predicate = Callable[[str, Sequence[str]], bool]


class SelectionError(ValueError):
    """A `-k` expression that cannot be read."""


def _tokens(expression: str) -> list[str]:
    tokens: list[str] = []
    word = ""
    for char in expression:
        if char.isspace() or char in "()":
            if word:
                tokens.append(word)
                word = ""
            if char in "()":
                tokens.append(char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def compile_selection(expression: str) -> Predicate:
    """A `-k` expression as a predicate on (name, tags), like pytest's: a word selects scenarios
    whose name or one of whose tags contains it (case-insensitive); `not`, `and`, `or` and
    parentheses combine words. Text without those operators is one phrase: `-k "send window"`.
    """
    tokens = _tokens(expression)
    operators = {"and", "or", "not", "(", ")"}
    if not tokens:
        raise SelectionError("-k: the expression is empty")
    if not any(token.lower() in operators for token in tokens):
        tokens = [" ".join(tokens)]
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        token = tokens[position]
        position += 1
        return token

    def parse_or() -> Predicate:
        left = parse_and()
        while (token := peek()) is not None and token.lower() == "or":
            take()
            right = parse_and()
            left = (lambda a, b: lambda n, t: a(n, t) or b(n, t))(left, right)
        return left

    def parse_and() -> Predicate:
        left = parse_not()
        while (token := peek()) is not None and token.lower() == "and":
            take()
            right = parse_not()
            left = (lambda a, b: lambda n, t: a(n, t) and b(n, t))(left, right)
        return left

    def parse_not() -> Predicate:
        token = peek()
        if token is not None and token.lower() == "not":
            take()
            inner = parse_not()
            return lambda n, t: not inner(n, t)
        return parse_atom()

    def parse_atom() -> Predicate:
        token = peek()
        if token is None:
            raise SelectionError(f"-k {expression!r}: the expression ends too early")
        if token == "(":
            take()
            inner = parse_or()
            if peek() != ")":
                raise SelectionError(f"-k {expression!r}: a '(' is not closed")
            take()
            return inner
        if token.lower() in operators:
            raise SelectionError(f"-k {expression!r}: unexpected {token!r}")
        word = take().casefold()
        return lambda n, t: word in n.casefold() or any(word in tag.casefold() for tag in t)

    predicate = parse_or()
    if peek() is not None:
        raise SelectionError(f"-k {expression!r}: expected 'and' or 'or' before {peek()!r}")
    return predicate
