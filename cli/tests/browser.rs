//! The web debugger in a real browser: Debian's headless Chromium driven
//! through chromedriver (WebDriver) with fantoccini, against a real
//! `jot serve` on loopback. One browser session walks through every step
//! the issue lists, through the page's stable hooks, and takes the
//! screenshots shown in the README (docs/debugger-desktop.png,
//! docs/debugger-phone.png).
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver`
//! (`apt-get install -y chromium chromium-driver`); without them the test
//! fails and says so.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod debugger;

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use debugger::*;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver in a process group of its own, so the browsers it starts
/// go with it, even when a step fails; and the profile directory.
struct Driver {
    child: Child,
    port: u16,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group this test created for chromedriver (pgid = its pid):
        // chromedriver and the Chromium processes it started, nothing else.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn start_driver() -> Driver {
    for (path, what) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")] {
        assert!(
            Path::new(path).exists(),
            "{what} is missing at {path}: apt-get install -y chromium chromium-driver"
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let profile = std::env::temp_dir().join(format!("jot-browser-test-{}", std::process::id()));
    std::fs::create_dir_all(&profile).unwrap();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start chromedriver: apt-get install -y chromium chromium-driver");
    let driver = Driver {
        child,
        port,
        profile,
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

async fn connect(driver: &Driver) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--window-size=1280,1700",
        &format!("--user-data-dir={}", driver.profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": CHROMIUM, "args": args}),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session through chromedriver")
}

/// The page, through its hooks.
struct Page {
    c: Client,
}

impl Page {
    async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.c.execute(script, args).await.expect(script)
    }

    /// Sets a field as typing would end (one `input` event).
    async fn fill(&self, sel: &str, value: &str) {
        self.js(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1];
             e.dispatchEvent(new Event('input', {bubbles: true}));
             e.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![json!(sel), json!(value)],
        )
        .await;
    }

    async fn click(&self, sel: &str) {
        self.c
            .find(Locator::Css(sel))
            .await
            .expect(sel)
            .click()
            .await
            .expect(sel);
    }

    async fn text(&self, sel: &str) -> String {
        let v = self
            .js(
                "const e = document.querySelector(arguments[0]);
                 return e === null ? null : ('value' in e && e.tagName !== 'LI' ? e.value : e.textContent);",
                vec![json!(sel)],
            )
            .await;
        v.as_str().unwrap_or_else(|| panic!("no {sel}")).to_owned()
    }

    /// Waits until `sel`'s text satisfies `ok`; fails with the last text.
    async fn wait(&self, sel: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text(sel).await;
            if ok(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{sel}: waited for {what}, got {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the page's script has started (it asked the API for info).
    async fn ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let ready = self
                .js(
                    "return document.body !== null && document.body.dataset.ready === 'true';",
                    vec![],
                )
                .await;
            if ready == json!(true) {
                return;
            }
            assert!(Instant::now() < deadline, "the page's script did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sets the allow-list checkboxes to exactly `algs`, by clicking.
    async fn allow(&self, algs: &[&str]) {
        for alg in jot::Algorithm::ALL {
            let sel = format!("input[name=\"alg\"][value=\"{alg}\"]");
            let el = self.c.find(Locator::Css(&sel)).await.expect(&sel);
            let checked = el.prop("checked").await.unwrap().as_deref() == Some("true");
            if checked != algs.contains(&alg.name()) {
                el.click().await.unwrap();
            }
        }
    }

    /// `(data-step, data-ok)` of every `#steps li`.
    async fn steps(&self) -> Vec<(String, String)> {
        let v = self
            .js(
                "return [...document.querySelectorAll('#steps li')].map(li => [li.dataset.step, li.dataset.ok]);",
                vec![],
            )
            .await;
        serde_json::from_value(v).unwrap()
    }

    /// Clicks Verify and waits for a verdict that starts with `start`.
    async fn verify_expect(&self, start: &str) -> String {
        self.js(
            "document.querySelector('#verdict').textContent = '';",
            vec![],
        )
        .await;
        self.click("#verify").await;
        let verdict = self.wait("#verdict", start, |t| !t.is_empty()).await;
        assert!(
            verdict.starts_with(start),
            "verdict {verdict:?}, wanted {start}"
        );
        verdict
    }

    async fn warnings(&self) -> Vec<String> {
        let v = self
            .js(
                "return [...document.querySelectorAll('#warnings li')].map(li => li.textContent);",
                vec![],
            )
            .await;
        serde_json::from_value(v).unwrap()
    }

    async fn screenshot(&self, width: u32, height: u32, name: &str, scroll_to: Option<&str>) {
        self.c.set_window_size(width, height).await.unwrap();
        // No blinking caret: the same picture on every run.
        self.js(
            "document.activeElement && document.activeElement.blur();",
            vec![],
        )
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Some(sel) = scroll_to {
            self.js(
                "document.querySelector(arguments[0]).scrollIntoView();",
                vec![json!(sel)],
            )
            .await;
        }
        let inner = self.js("return window.innerWidth;", vec![]).await;
        assert!(
            inner.as_u64().is_some_and(|w| w <= u64::from(width)),
            "window {inner}"
        );
        // Nothing may stick out sideways at this width.
        let overflow = self
            .js(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                vec![],
            )
            .await;
        assert!(
            overflow.as_i64().is_some_and(|o| o <= 0),
            "{name}: {overflow} px too wide"
        );
        let png = self.c.screenshot().await.unwrap();
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs")
            .join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, png).unwrap();
    }
}

#[test]
fn the_debugger_in_chromium() {
    let driver = start_driver();
    let server = Server::serve();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let c = connect(&driver).await;
        let page = Page { c };
        let result = walk(&page, &server).await;
        // Ends Chromium cleanly; the Driver guard covers a panic above.
        let _ = page.c.close().await;
        result
    });
}

async fn walk(page: &Page, server: &Server) {
    let origin = format!("http://{}", server.addr);
    page.c.goto(&server.url()).await.unwrap();
    page.ready().await;
    // Under `jot serve`, the login panel and the JWKS button are there.
    let demo_shown = page
        .js("return !document.querySelector('#demo').hidden && !document.querySelector('#use-jwks').hidden;", vec![])
        .await;
    assert_eq!(demo_shown, json!(true));

    // Every field has a label a screen reader announces.
    let unlabelled = page
        .js(
            "return [...document.querySelectorAll('input, select, textarea')]
                .filter(e => e.labels === null || e.labels.length === 0)
                .map(e => e.id || e.name);",
            vec![],
        )
        .await;
    assert_eq!(unlabelled, json!([]), "fields without a label");

    // 1. Decode: the claims appear, explained, as one types.
    let exp = now() + 240;
    let token = hs256(&json!({"sub": "alice", "exp": exp}), GOOD_SECRET.as_bytes());
    page.fill("#token", &token).await;
    page.wait("#payload", "the payload", |t| t.contains("\"alice\""))
        .await;
    assert!(page.text("#header").await.contains("\"HS256\""));
    let claims = page
        .wait("#claims", "the claims explained", |t| t.contains("Subject"))
        .await;
    assert!(
        claims.contains("RFC 7519 §4.1.2") && claims.contains(" UTC expires in "),
        "{claims}"
    );
    assert!(page.text("#alg").await.contains("SHA-256"));

    // 2. Verify with the right secret: VERIFIED, every step passed.
    page.allow(&["HS256"]).await;
    page.fill("#key", GOOD_SECRET).await;
    page.verify_expect("VERIFIED").await;
    let steps = page.steps().await;
    assert!(steps.len() >= 9, "{steps:?}");
    assert!(steps.iter().all(|(_, ok)| ok != "false"), "{steps:?}");
    assert!(
        steps.contains(&("signature".into(), "true".into())),
        "{steps:?}"
    );

    // 3. A wrong secret: failed at the signature step.
    page.fill("#key", "another-32-byte-secret-for-tests").await;
    page.verify_expect("signature").await;
    let steps = page.steps().await;
    assert_eq!(steps.last().unwrap(), &("signature".into(), "false".into()));

    // 4. jwt.io's example, its secret typed on the keyboard: the MAC
    // matches, the key is refused, and the page says why.
    page.fill("#token", JWT_IO_TOKEN).await;
    // A fixed "now" (five minutes after its iat) keeps the screenshots the same on every run.
    page.fill("#now", "1516239322").await;
    page.wait("#claims", "the times at that now", |t| {
        t.contains("issued 5 min ago")
    })
    .await;
    page.fill("#key", "").await;
    let key = page.c.find(Locator::Css("#key")).await.unwrap();
    key.send_keys(JWT_IO_SECRET).await.unwrap();
    page.verify_expect("key").await;
    let mac = page
        .wait("#mac", "the MAC lesson", |t| t.contains("matches"))
        .await;
    for part in [
        "signature matches",
        "still refused",
        "19 bytes",
        "32 required",
        "RFC 7518 §3.2",
    ] {
        assert!(mac.contains(part), "{part}: {mac}");
    }
    assert_eq!(
        page.steps().await.last().unwrap(),
        &("key".into(), "false".into())
    );
    let desktop = page.text("#verdict").await;
    assert!(desktop.starts_with("key:"));
    page.screenshot(1280, 1700, "debugger-desktop.png", None)
        .await;
    // On a phone, the verify pane: key, allow-list, verdict, lesson, steps.
    page.screenshot(375, 1400, "debugger-phone.png", Some("#verify-title"))
        .await;
    page.js("window.scrollTo(0, 0);", vec![]).await;
    page.c.set_window_size(1280, 1700).await.unwrap();

    // 5. An RSA PEM (RFC 7515 A.2, verified at a time before its exp).
    page.fill("#token", &data("rfc7515-a.2.jwt")).await;
    let jwk = jot::Jwk::from_json(&data("rfc7515-a.2.public.jwk.json")).unwrap();
    page.fill("#key", &jwk.to_public_pem().unwrap()).await;
    page.allow(&["RS256"]).await;
    page.fill("#now", "1300819000").await;
    page.verify_expect("VERIFIED").await;
    page.fill("#now", "").await;
    page.verify_expect("expired").await;

    // 6. Sign then verify: a key generated on the server, the token flowing
    // into the decode and verify panes.
    let payload = json!({"sub": "bob", "exp": now() + 600}).to_string();
    page.fill("#sign-payload", &payload).await;
    page.c
        .find(Locator::Css("#sign-alg"))
        .await
        .unwrap()
        .select_by_value("ES256")
        .await
        .unwrap();
    page.click("#keygen").await;
    page.wait("#gen-pem", "a PEM", |t| {
        t.starts_with("-----BEGIN PUBLIC KEY-----")
    })
    .await;
    assert!(page.text("#gen-public").await.contains("\"P-256\""));
    page.click("#sign").await;
    let signed = page
        .wait("#signed", "a token", |t| t.split('.').count() == 3)
        .await;
    page.wait("#token", "the signed token", |t| t == signed)
        .await;
    page.wait("#verdict", "VERIFIED", |t| t.starts_with("VERIFIED"))
        .await;
    page.wait("#payload", "bob", |t| t.contains("\"bob\""))
        .await;
    let checked = page
        .js("return [...document.querySelectorAll('input[name=\"alg\"]:checked')].map(c => c.value);", vec![])
        .await;
    assert_eq!(checked, json!(["ES256"]));

    // Keyboard only: Enter on the focused Verify button runs it.
    page.js("document.querySelector('#verdict').textContent = ''; document.querySelector('#verify').focus();", vec![]).await;
    let focused = page.c.active_element().await.unwrap();
    assert_eq!(focused.attr("id").await.unwrap().as_deref(), Some("verify"));
    focused.send_keys("\u{E007}").await.unwrap();
    page.wait("#verdict", "VERIFIED", |t| t.starts_with("VERIFIED"))
        .await;

    // A nested JWT in a JWE: sizes shown, decrypted with a dir key, the
    // inner token verified.
    let dir = [9u8; 32];
    let signer = jot::SigningKey::hmac(jot::Algorithm::HS256, GOOD_SECRET.as_bytes()).unwrap();
    let sealer = jot::jwe::EncryptionKey::dir(jot::jwe::Enc::A256GCM, &dir).unwrap();
    let jwe = jot::jwt::encode_nested(
        &jot::jws::Header::jwt(&signer),
        &json!({"sub": "carol", "exp": now() + 600}),
        &signer,
        &jot::jwe::Header::for_key(&sealer),
        &sealer,
    )
    .unwrap();
    page.fill("#token", &jwe).await;
    let sizes = page
        .wait("#sizes", "the JWE sizes", |t| {
            t.contains("authentication tag")
        })
        .await;
    assert!(
        sizes.contains("16 bytes") && sizes.contains("12 bytes"),
        "{sizes}"
    );
    assert!(page.text("#header").await.contains("\"dir\""));
    page.fill("#jwe-key", &jot::b64::encode(dir)).await;
    page.click("#decrypt").await;
    page.wait("#token", "the inner token", |t| t.split('.').count() == 3)
        .await;
    page.wait("#payload", "carol", |t| t.contains("\"carol\""))
        .await;
    page.fill("#key", GOOD_SECRET).await;
    page.allow(&["HS256"]).await;
    page.verify_expect("VERIFIED").await;

    // 7. alg none is warned about, with its rule.
    let none = unsigned(
        &json!({"alg": "none"}),
        &json!({"sub": "mallory", "exp": now() + 600}),
    );
    page.fill("#token", &none).await;
    page.wait("#payload", "mallory", |t| t.contains("mallory"))
        .await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let warnings = loop {
        let w = page.warnings().await;
        if w.iter().any(|w| w.contains("\"none\"")) || Instant::now() > deadline {
            break w;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("alg \"none\"") && w.contains("RFC 8725")),
        "{warnings:?}"
    );
    page.verify_expect("unsupported_algorithm").await;

    // 8. Share: the link holds the token, never the key, and opening it
    // fills the page.
    page.fill("#token", &token).await;
    page.click("#copy-link").await;
    let link = page
        .wait("#share-link", "a link", |t| t.contains("#token="))
        .await;
    assert!(
        !link.contains(GOOD_SECRET) && !link.contains("secret"),
        "{link}"
    );
    page.c.goto("about:blank").await.unwrap();
    page.c.goto(&link).await.unwrap();
    page.ready().await;
    page.wait("#token", "the token from the link", |t| t == token)
        .await;
    page.wait("#payload", "alice", |t| t.contains("\"alice\""))
        .await;
    assert_eq!(page.text("#key").await, "", "a link must not carry a key");

    // 9. The demo login: the access token is verified against this
    // server's JWKS, issuer and audience; refresh rotates.
    let password = server.password.clone().expect("the demo password");
    page.fill("#demo-password", &password).await;
    page.click("#login").await;
    page.wait("#demo-status", "logged in", |t| t.starts_with("Logged in"))
        .await;
    page.wait("#verdict", "VERIFIED", |t| t.starts_with("VERIFIED"))
        .await;
    assert!(
        page.text("#key").await.contains("\"keys\""),
        "the server's JWKS"
    );
    assert_eq!(page.text("#iss").await, "jot-demo");
    assert_eq!(page.text("#aud").await, "jot-demo-api");
    let steps = page.steps().await;
    for name in ["typ", "iss", "aud", "signature", "exp"] {
        assert!(
            steps.contains(&(name.into(), "true".into())),
            "{name}: {steps:?}"
        );
    }
    let first = page.text("#token").await;
    page.click("#refresh").await;
    page.wait("#demo-status", "rotated", |t| t.contains("rotated"))
        .await;
    page.wait("#token", "a new access token", |t| t != first)
        .await;
    page.wait("#verdict", "VERIFIED", |t| t.starts_with("VERIFIED"))
        .await;
    // The server's JWKS by its button, with a token from elsewhere: refused.
    page.fill("#key", "").await;
    page.fill("#token", &token).await;
    page.click("#use-jwks").await;
    page.wait("#key", "the JWKS", |t| t.contains("\"keys\""))
        .await;
    page.verify_expect("algorithm_not_allowed").await;

    // 10. No request left the origin.
    let entries = page
        .js(
            "return performance.getEntriesByType('resource').map(e => e.name)
                .concat(performance.getEntriesByType('navigation').map(e => e.name));",
            vec![],
        )
        .await;
    let entries: Vec<String> = serde_json::from_value(entries).unwrap();
    assert!(
        entries.iter().any(|e| e.contains("/debugger/api/verify")),
        "{entries:?}"
    );
    for e in &entries {
        assert!(e.starts_with(&origin), "a request left the origin: {e}");
    }
}
