"""Where the Prefect server listens, and the address the office's browsers and the UI reach it by."""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass
from typing import NoReturn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200
NAME_VARIABLE = "NIANBAO_SERVER_NAME"
WILDCARDS = frozenset({"0.0.0.0", "::", ""})  # listen on every interface
_UNROUTED = (
    "192.0.2.1",
    9,
)  # TEST-NET-1: connecting a UDP socket only picks a route, sends nothing


@dataclass(frozen=True)
class Hosting:
    """A server's listening host and port, and the name other computers reach it by."""

    host: str
    port: int
    public: str

    @property
    def shared(self) -> bool:
        """Return whether the server listens on every interface (colleagues' computers included)."""
        return self.host in WILDCARDS

    @property
    def ui_url(self) -> str:
        """Return the address to open in a browser."""
        return f"http://{_for_url(self.public)}:{self.port}"

    @property
    def api_url(self) -> str:
        """Return the API address the UI (in any browser) and remote clients call."""
        return f"{self.ui_url}/api"

    @property
    def local_api_url(self) -> str:
        """Return the API address for processes on the server itself (make serve)."""
        host = "127.0.0.1" if self.shared else self.public
        return f"http://{_for_url(host)}:{self.port}/api"


def hosting(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, name: str | None = None) -> Hosting:
    """Return where a server on `host`:`port` is reached.

    A server on a single address is reached at that address. One on every interface (0.0.0.0, ::)
    is reached by `name` (a name or address colleagues' computers resolve) when given, else by this
    machine's own address: never 127.0.0.1, which in a colleague's browser is their own computer.
    """
    if host not in WILDCARDS:
        return Hosting(host, port, host)
    return Hosting(host, port, (name or "").strip() or machine_address())


def machine_address() -> str:
    """Return the address of this machine's outgoing interface, else its host name (offline)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(_UNROUTED)
            address = str(sock.getsockname()[0])
    except OSError:
        address = ""
    usable = address and not address.startswith("127.") and address != "0.0.0.0"
    return address if usable else socket.gethostname()


def port_free(host: str, port: int) -> bool:
    """Return whether a server could listen on `host`:`port` now."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def server_environment(where: Hosting) -> dict[str, str]:
    """Return the settings a Prefect server needs to be reachable as `where`, telemetry off.

    Prefect's UI asks the server for the API address (/ui-settings) and would otherwise be told
    http://127.0.0.1:4200/api whatever the host and port the server listens on.
    """
    return {
        "PREFECT_UI_API_URL": where.api_url,
        "PREFECT_SERVER_API_HOST": where.host,
        "PREFECT_SERVER_API_PORT": str(where.port),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }


def server_command(where: Hosting) -> list[str]:
    """Return the command that starts Prefect's server on the host and port of `where`."""
    prefect = [sys.executable, "-m", "prefect", "server", "start"]
    return [*prefect, "--host", where.host, "--port", str(where.port)]


def greeting(where: Hosting) -> list[str]:
    """Return what to tell whoever starts the server: the address to open, how to serve the flows."""
    lines = [f"浏览器打开：{where.ui_url}"]
    if where.shared:
        lines.append("（Prefect 随后显示的 0.0.0.0 地址只在本机有效；同事请用上面的地址）")
    serve = "make serve" + (f" PORT={where.port}" if where.port != DEFAULT_PORT else "")
    return [*lines, f"定时运行：另开终端，在项目文件夹运行 {serve}"]


def replace_with_server(where: Hosting) -> NoReturn:
    """Replace this process by Prefect's server (same PID: stopping it stops the server)."""
    sys.stdout.flush()  # what was printed before must not be lost with this process's buffers
    command = server_command(where)
    os.execve(command[0], command, os.environ | server_environment(where))


def _for_url(host: str) -> str:
    """Return `host` as written in a URL (an IPv6 address goes in brackets)."""
    return f"[{host}]" if ":" in host else host
