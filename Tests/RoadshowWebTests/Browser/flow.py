#!/usr/bin/env python3
"""The work platform as people use it, in headless Chromium (DevTools protocol, stdlib only).

usage: flow.py BASE_URL SCREENSHOT_DIR [--chromium PATH]

A holder logs in and submits an achievement through the form; the host logs in, finds it pending
and clears it, then runs the pipeline from its dashboard; a visitor on a phone-sized screen finds
it in the catalogue and opens its page; the host publishes a notice to enterprises; an enterprise
reads it, registers for the event and answers interest in the new achievement; an expert scores a
pitch of the on-site review.
Screenshots: host-review.png, dashboard.png, catalogue-phone.png, achievement.png, enterprise-interest.png,
expert-scoring.png. Exit status 0 when every step
saw what it expected, 1 otherwise (the failing step is printed).
"""
import base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request

TITLE = "浏览器测试·仿生灵巧手"


class DevTools:
    """A minimal WebSocket client (RFC 6455, text frames) speaking the DevTools protocol."""

    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, path = url[5:].split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(4096)
        if b" 101 " not in response.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"no WebSocket upgrade: {response[:200]!r}")
        self.buffer = response.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("DevTools connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _frame(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            message += self._read(length)
            if b0 & 0x80:
                return message

    def call(self, method, **params):
        self.next_id += 1
        payload = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(payload)
        header += bytes([0x80 | n]) if n < 126 else (bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        while True:
            reply = json.loads(self._frame())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {expression}: {result['exceptionDetails']}")
        return result.get("result", {}).get("value")


def main():
    args = sys.argv[1:]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if "--chromium" in args:
        i = args.index("--chromium")
        chromium = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2 or not chromium:
        print(__doc__ if chromium else "flow.py: no chromium on PATH", file=sys.stderr)
        return 2
    base, shots = args[0].rstrip("/"), args[1]
    os.makedirs(shots, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="roadshow-chromium-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    browser = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--disable-dev-shm-usage", f"--remote-debugging-port={port}", "--remote-debugging-address=127.0.0.1",
         f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    step = "start chromium"
    try:
        deadline = time.time() + 30
        while True:
            try:
                pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2))
                page = next(p for p in pages if p.get("type") == "page")
                break
            except Exception:
                if time.time() > deadline or browser.poll() is not None:
                    raise RuntimeError("chromium did not open its DevTools port")
                time.sleep(0.3)
        tab = DevTools(page["webSocketDebuggerUrl"])
        tab.call("Page.enable")
        tab.call("Network.enable")

        def go(path):
            tab.call("Page.navigate", url=base + path)
            settle()

        def settle():
            time.sleep(0.2)
            for _ in range(100):
                if tab.js("document.readyState") == "complete":
                    return
                time.sleep(0.1)
            raise RuntimeError("page did not load")

        def click(selector):
            tab.js(f"document.querySelector({json.dumps(selector)}).click()")
            settle()

        def fill(values):
            for name, value in values.items():
                tab.js(f"document.querySelector('[name={name}]').value = {json.dumps(value)}")

        def text():
            return tab.js("document.body.innerText")

        def wait_text(needle, seconds=120):
            deadline = time.time() + seconds
            while time.time() < deadline:
                try:
                    if needle in text():
                        return True
                except RuntimeError:
                    pass  # the page is being replaced
                time.sleep(0.3)
            return False

        def expect(condition, what):
            if not condition:
                raise RuntimeError(f"expected {what}; page: {tab.js('location.href')}\n{text()[:600]}")

        def login(user):
            tab.call("Network.clearBrowserCookies")
            go("/login")
            fill({"username": user, "password": "demo-password"})
            click("#login-button")
            expect("退出" in text(), f"{user} to be logged in")

        def screenshot(name):
            data = tab.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
            with open(os.path.join(shots, name), "wb") as f:
                f.write(base64.b64decode(data))
            print(f"screenshot {os.path.join(shots, name)}")

        step = "holder submits"
        login("demo-holder")
        go("/submit")
        fill({"title": TITLE, "institution": "示例理工大学", "field": "智能机器人", "trl": "6", "province": "江苏",
              "team": "张三、李四", "transferModes": "许可", "year": "2025",
              "summary": "五指仿生灵巧手，具备力觉反馈与自适应抓取能力（浏览器测试数据）。"})
        click("#submit-button")
        expect("已提交" in text(), "the submission to be accepted")

        step = "the public does not see it yet"
        tab.call("Network.clearBrowserCookies")
        go("/?q=" + urllib.parse.quote("灵巧手"))
        expect(TITLE not in text(), "the pending record to stay out of the catalogue")

        step = "host clears it"
        login("demo-host")
        go("/submissions")
        expect(TITLE in text(), "the host to see the pending submission")
        screenshot("host-review.png")
        tab.js("""(() => { for (const card of document.querySelectorAll('article.card')) {
            if (card.innerText.includes(%s)) { card.querySelector('.clear-button').click(); return true } }
            throw new Error('no card') })()""" % json.dumps(TITLE))
        settle()
        expect("已记录保密审查结论" in text(), "the review to be recorded")

        step = "host runs the pipeline from its dashboard"
        go("/dashboard")
        expect("成果遴选漏斗" in text() and "1373" in text(), "the dashboard's funnel")
        expect("2024年火炬科技成果直通车（智能制造专场）" in text(), "the host's event")
        click("#run-button")
        expect(wait_text("流程已运行"), "the pipeline run to finish")
        screenshot("dashboard.png")

        step = "the public finds it on a phone"
        tab.call("Network.clearBrowserCookies")
        tab.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
        go("/?q=" + urllib.parse.quote("灵巧手"))
        expect(TITLE in text(), "the cleared record in the catalogue")
        expect(tab.js("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling on a phone")
        screenshot("catalogue-phone.png")
        click("article.card h2 a")
        expect("力觉反馈" in text() and "（不公开）" in text(), "the achievement page, team withheld")
        expect("张三" not in text(), "the team to be withheld")
        screenshot("achievement.png")

        step = "host publishes a notice to enterprises"
        tab.call("Emulation.clearDeviceMetricsOverride")
        login("demo-host")
        go("/notices")
        fill({"title": "关于组织企业报名参加智能制造专场的通知", "audience": "enterprises",
              "body": "请有意参加的企业在平台报名，并对推送成果填写对接意向。"})
        click("#notice-button")
        expect("通知已发布" in text(), "the notice to be published")

        step = "enterprise registers and answers interest"
        login("demo-enterprise")
        go("/notices")
        expect("关于组织企业报名参加智能制造专场的通知" in text(), "the enterprise to read the notice")
        go("/events")
        tab.js("document.querySelector('form.card input[name=contact]').value = '王经理 13900000000'")
        click("form.card .register-button")
        expect("报名已提交" in text() and "已报名" in text(), "the registration")
        go("/?q=" + urllib.parse.quote("灵巧手"))
        click("article.card h2 a")
        fill({"level": "high", "note": "希望洽谈许可（浏览器测试）"})
        click("#interest-button")
        expect("对接意向已记录" in text(), "the interest to be recorded")
        screenshot("enterprise-interest.png")

        step = "host downloads the responses file"
        login("demo-host")
        go("/interest")
        expect(TITLE in text() and "强烈意向" in text(), "the host to see the enterprise's interest")
        expect(tab.js("!!document.querySelector('#responses-csv')"), "the download link")
        cookies = tab.call("Network.getCookies", urls=[base])["cookies"]
        download = urllib.request.Request(
            base + "/interest.csv", headers={"Cookie": "; ".join(f"{c['name']}={c['value']}" for c in cookies)})
        csv = urllib.request.urlopen(download, timeout=10).read().decode("utf-8")
        expect(csv.lstrip("\ufeff").startswith("编号,企业名称,对接意向,意见建议") and "强烈意向" in csv,
               "the push list's response file")

        step = "expert scores a pitch"
        login("demo-expert")
        go("/reviews")
        expect("2024-09-onsite" in text() and "现场评议" in text(), "the expert's on-site tasks")
        click("table a")
        fill({"c_advancement": "8", "c_maturity": "7", "c_prospect": "8.5", "c_team": "7", "c_ip": "6",
              "comment": "建议尽快开展中试验证（浏览器测试）"})
        click("#score-button")
        expect("评分已记录" in text(), "the scores to be recorded")
        screenshot("expert-scoring.png")
        go("/reviews")
        expect("1/15" in text(), "one of fifteen pitches scored")
        print("browser flow OK: holder submitted, host cleared and ran the pipeline, public found it, "
              "enterprise registered and answered interest, expert scored")
        return 0
    except Exception as error:
        print(f"browser flow failed at '{step}': {error}", file=sys.stderr)

        return 1
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    import urllib.parse
    sys.exit(main())
