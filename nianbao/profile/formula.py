"""Safe evaluation of catalogue formulas (numbers, + - * /, parentheses, indicator codes) in Decimal."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation


def evaluate(formula: str, values: Mapping[str, Decimal]) -> Decimal:
    """Return `formula` (numbers, + - * /, parentheses and indicator codes) evaluated in Decimal."""
    return _eval(ast.parse(formula, mode="eval").body, values)


def _eval(node: ast.expr, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        value = Decimal(str(node.value))
        if value.is_finite():  # 1e999 is read as infinity
            return value
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return values[f"{node.value.id}.{node.attr}"]
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if right == 0:
                raise DivisionByZero
            return left / right
    raise InvalidOperation(f"公式中有不支持的写法：{ast.unparse(node)}")


def check_formula(formula: str) -> str:
    """Return what is wrong with `formula` in Chinese, or "" when it can be evaluated."""
    try:
        tree = ast.parse(formula, mode="eval").body
    except (SyntaxError, ValueError):  # ValueError: a NUL character, a number of over 4300 digits
        return "不是有效的算式"
    codes = {
        f"{n.value.id}.{n.attr}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
    }
    try:
        _eval(tree, dict.fromkeys(codes, Decimal(1)))
    except (InvalidOperation, KeyError):
        return "含有不支持的写法（只能用数字、指标编码、+ - * / 和括号）"
    except DivisionByZero:
        pass
    return ""
