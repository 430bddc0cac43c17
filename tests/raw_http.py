"""Raw HTTP/1.1 servers on 127.0.0.1, for tests that control every byte of a reply."""

from __future__ import annotations

import json
import socket
import threading
from typing import Any


class AcceptLoop:
    """Accepts connections on 127.0.0.1 on a thread of its own; each connection is handled by
    ``handle(connection, peer)`` on another thread. Subclasses set their own state before
    calling ``__init__`` (a connection may arrive as soon as it returns).
    """

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = int(self.listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, name=type(self).__name__, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, peer = self.listener.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self.handle, args=(connection, peer[0]), daemon=True).start()

    def handle(self, connection: socket.socket, peer: str) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()
        self.thread.join(5)


def read_request(connection: socket.socket, buffer: bytes = b"") -> tuple[bytes, bytes, bytes] | None:
    """The next request on ``connection`` (after ``buffer``, bytes already received): its head,
    its body (by Content-Length) and what came after it; None when the client closed first.
    """
    while b"\r\n\r\n" not in buffer:
        data = connection.recv(65536)
        if not data:
            return None
        buffer += data
    head, _, rest = buffer.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        data = connection.recv(65536)
        if not data:
            return None
        rest += data
    return head, rest[:length], rest[length:]


class KeepAliveServer(AcceptLoop):
    """Answers every request with ``reply`` (raw bytes), keeping each connection open; records
    each request's first line and JSON body, and counts connections.
    """

    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.requests: list[tuple[bytes, dict[str, Any]]] = []
        super().__init__()

    def handle(self, connection: socket.socket, peer: str) -> None:
        connection.settimeout(5)
        buffer = b""
        with connection:
            try:
                while not self.stopped.is_set():
                    request = read_request(connection, buffer)
                    if request is None:
                        return
                    head, body, buffer = request
                    self.requests.append((head.split(b"\r\n")[0], json.loads(body) if body else {}))
                    connection.sendall(self.reply)
            except OSError:
                return
