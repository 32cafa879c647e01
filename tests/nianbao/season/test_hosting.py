"""The address a server's UI and colleagues' browsers use, from the host and port it listens on."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from nianbao.season import hosting as hosting_module
from nianbao.season.hosting import (
    greeting,
    hosting,
    machine_address,
    server_command,
    server_environment,
)


@pytest.mark.parametrize(
    ("host", "name", "ui_url", "local_api"),
    [
        ("127.0.0.1", None, "http://127.0.0.1:4300", "http://127.0.0.1:4300/api"),
        # a single address is the address, whatever name is configured for shared servers
        ("10.1.2.3", "nianbao.example", "http://10.1.2.3:4300", "http://10.1.2.3:4300/api"),
        ("0.0.0.0", "nianbao.example", "http://nianbao.example:4300", "http://127.0.0.1:4300/api"),
        ("0.0.0.0", "  10.8.0.7 ", "http://10.8.0.7:4300", "http://127.0.0.1:4300/api"),
        ("::", "fd00::7", "http://[fd00::7]:4300", "http://127.0.0.1:4300/api"),
    ],
)
def test_the_ui_is_sent_to_the_address_colleagues_reach(
    host: str, name: str | None, ui_url: str, local_api: str
) -> None:
    """The UI's API address follows the host, the port and, for 0.0.0.0, the configured name."""
    where = hosting(host, 4300, name)
    assert (where.ui_url, where.api_url, where.local_api_url) == (
        ui_url,
        f"{ui_url}/api",
        local_api,
    )


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_shared_server_without_a_name_is_never_sent_to_loopback(host: str) -> None:
    """Without a name, a server on every interface gives the UI this machine's address, not 127.0.0.1."""
    where = hosting(host, 4300)
    assert where.shared
    assert where.public == machine_address()
    for loopback in ("127.0.0.1", "localhost", "0.0.0.0", "[::]"):
        assert loopback not in where.api_url
    assert not where.public.startswith("127.")


class _Socket:
    """A UDP socket whose route is `address`, or which has no route at all (None)."""

    address: str | None = None

    def __init__(self, *args: Any) -> None:
        pass

    def __enter__(self) -> _Socket:
        return self

    def __exit__(self, *args: Any) -> None:
        pass

    def connect(self, target: tuple[str, int]) -> None:
        if self.address is None:
            raise OSError("Network is unreachable")

    def getsockname(self) -> tuple[str, int]:
        return (str(self.address), 40000)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        ("10.20.30.40", "10.20.30.40"),
        (None, socket.gethostname()),  # offline: colleagues may still resolve the host name
        ("127.0.1.1", socket.gethostname()),  # a loopback route is no use to anyone else
    ],
)
def test_machine_address_is_the_outgoing_interface_else_the_host_name(
    monkeypatch: pytest.MonkeyPatch, route: str | None, expected: str
) -> None:
    """The default route's address is used; offline or loopback-only, the host name."""
    monkeypatch.setattr(_Socket, "address", route)
    monkeypatch.setattr(hosting_module.socket, "socket", _Socket)
    assert machine_address() == expected


def test_server_settings_carry_the_ui_address_and_turn_telemetry_off() -> None:
    """The server is started on the host and port asked for, the UI told where the API is."""
    where = hosting("0.0.0.0", 4300, "nianbao.example")
    assert server_environment(where) == {
        "PREFECT_UI_API_URL": "http://nianbao.example:4300/api",
        "PREFECT_SERVER_API_HOST": "0.0.0.0",
        "PREFECT_SERVER_API_PORT": "4300",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    assert server_command(where)[-6:] == ["server", "start", "--host", "0.0.0.0", "--port", "4300"]


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        (
            "127.0.0.1",
            4200,
            [
                "浏览器打开：http://127.0.0.1:4200",
                "定时运行：另开终端，在项目文件夹运行 make serve",
            ],
        ),
        (
            "0.0.0.0",
            48779,
            [
                "浏览器打开：http://nianbao.example:48779",
                "（Prefect 随后显示的 0.0.0.0 地址只在本机有效；同事请用上面的地址）",
                "定时运行：另开终端，在项目文件夹运行 make serve PORT=48779",
            ],
        ),
    ],
)
def test_the_first_lines_say_which_address_to_open(
    host: str, port: int, expected: list[str]
) -> None:
    """Whoever starts the server is told the address to open and how to serve the flows on it."""
    assert greeting(hosting(host, port, "nianbao.example")) == expected
