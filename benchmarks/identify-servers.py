# Small servers for the identify benchmark (run inside the benchmark's namespace): each port speaks a real daemon's
# greeting first, answers HTTP requests as Python's http.server does, or says nothing.  identify-servers.py ADDR
# It exits when its standard input closes: when the benchmark that started it is gone, however it ended.
import asyncio, os, sys, threading

addr = sys.argv[1]
BANNERS = {
    21: b"220 (vsFTPd 3.0.3)\r\n",
    110: b"+OK Dovecot (Debian) ready.\r\n",
    143: b"* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n",
    2200: b"SSH-2.0-dropbear_2022.83\r\n",
    2201: b"SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3\r\n",
    8025: b"220 mail.lab ESMTP Postfix (Debian/GNU)\r\n",
    8026: b"220 relay.lab ESMTP Exim 4.94.2 Sun, 06 Dec 2026 21:00:00 +0000\r\n",
    4110: b"+OK POP3 server ready <1896.697170952@lab>\r\n",
    4143: b"* OK IMAP4rev1 Service Ready\r\n",
    2121: b"220 ProFTPD Server (Lab FTP) [10.0.0.2]\r\n",
}
HTTP = {8000, 8888, 9090}
SILENT = {9999}


def serve(port):
    async def handle(reader, writer):
        try:
            if port in BANNERS:
                writer.write(BANNERS[port]); await writer.drain()
                await asyncio.wait_for(reader.read(4096), 10)
            elif port in HTTP:
                request = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                body = b"<html><body>lab</body></html>\n"
                head = (b"HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nDate: Sun, 06 Dec 2026 21:00:00 GMT\r\n"
                        b"Content-type: text/html\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
                writer.write(head + (b"" if request.startswith(b"HEAD") else body)); await writer.drain()
            else:
                await asyncio.wait_for(reader.read(4096), 30)
        except Exception:
            pass
        finally:
            writer.close()
    return handle


async def main():
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    for port in sorted(set(BANNERS) | HTTP | SILENT):
        await asyncio.start_server(serve(port), addr, port, backlog=1024)
    print("ok", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
