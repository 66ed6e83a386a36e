"""A loopback TCP proxy in front of a real server, to cut it off (an outage) or partition it (silence)."""

from __future__ import annotations

import contextlib
import socket
import threading


class TcpProxy:
    """A loopback TCP proxy to a server that can be cut, partitioned and restored.

    ``cut``: the server "goes away": open connections are dropped, new ones closed on arrival (errors come at once).
    ``partition``: the network goes silent: nothing is forwarded either way and new connections are accepted but
    never answered, as when packets are lost between two hosts; only a timeout can tell.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.silent = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """The server "goes away": every open connection is dropped and new ones are closed on arrival."""
        self.up = False
        self._drop_all()

    def partition(self) -> None:
        """Nothing gets through any more, and nothing says so: bytes sent either way are swallowed."""
        self.silent = True

    def restore(self) -> None:
        """Back to normal. Connections that lived through a partition are dropped (their exchanges were torn)."""
        if self.silent:
            self._drop_all()
        self.up, self.silent = True, False

    def close(self) -> None:
        self.cut()
        self.listener.close()  # ends the accept loop

    def _drop_all(self) -> None:
        with self.lock:
            sockets, self.sockets = self.sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            if self.silent:  # accepted by the kernel, never answered
                with self.lock:
                    self.sockets.append(client)
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):  # ends at EOF or when cut() closes either side
                if not self.silent:
                    sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)
