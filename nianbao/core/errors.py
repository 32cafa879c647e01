"""The one exception hierarchy of nianbao; every message is a single line of Chinese for users."""

from __future__ import annotations


class NianbaoError(Exception):
    """Base of every error nianbao raises on purpose; `str(exc)` is shown to users as is."""


class CatalogueError(NianbaoError):
    """Raised when the indicator catalogue or the unit roster is malformed.

    `problems` lists each problem found on load, located (file, table, entry and key) in Chinese.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems

    def __reduce__(self) -> tuple[type[CatalogueError], tuple[str, tuple[str, ...]]]:
        return type(self), (str(self), self.problems)


class InputError(NianbaoError):
    """Raised when an input folder or file cannot be used at all (not for a bad cell: see findings)."""


class ValueParseError(NianbaoError):
    """Raised when a typed value cannot be read as a number; carries the Chinese reason and its kind.

    `kind` is the finding kind (an id of findings.KINDS), set where the reason is decided: a finding
    is grouped by it, never by the wording of the message.
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind

    def __reduce__(self) -> tuple[type[ValueParseError], tuple[str, str]]:
        return type(self), (str(self), self.kind)


class TemplateError(NianbaoError):
    """Raised when the Word template cannot be rendered (syntax error, undeclared names)."""


class DocumentError(NianbaoError):
    """Raised when a draft cannot be read, refreshed or finalized."""


class ServerError(NianbaoError):
    """Raised when the city server (its database, Prefect server or worker) cannot start or stop."""


def fault_line(exc: BaseException) -> str:
    """Return the one Chinese line shown for a fault of nianbao itself (not of an input)."""
    detail = " ".join(str(exc).split())[:200]
    return (
        f"{type(exc).__name__}：{detail or '（无说明）'}。各单位报送的文件只读不改，均未受影响；"
        "请把这一行发给维护人员（设置环境变量NIANBAO_TRACEBACK=1后重新运行可显示详细信息）"
    )
