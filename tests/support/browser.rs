//! A page in a real browser, without a driver: headless Chromium started on
//! the command line, the page served by a tiny HTTP server on 127.0.0.1 that
//! logs every request it gets. Every host name resolves to that server
//! (`--host-resolver-rules`), so anything the page tries to fetch, from
//! anywhere, is logged; Chromium's own calls home that its flags do not stop
//! are sent nowhere by name. Console messages come from Chromium's log on
//! stderr (`CONSOLE` lines).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The services Chromium calls on its own although told not to (sign-in,
/// the component updater, network time): they resolve to nothing, so that
/// the server hears only what the page asks for.
const ITS_OWN: [&str; 3] = [
    "accounts.google.com",
    "update.googleapis.com",
    "clients2.google.com",
];

/// The longest a browser may take before the test gives up on it.
const PATIENCE: Duration = Duration::from_secs(90);

/// Where Chromium is: `CXMAP_CHROMIUM`, or the first of its usual names on
/// the `PATH`.
pub fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CXMAP_CHROMIUM") {
        return PathBuf::from(path);
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .expect("these tests need Chromium: apt-get install chromium, or set CXMAP_CHROMIUM")
}

/// What the browser did with a page.
pub struct Visit {
    /// Every request the server got, in order: `GET /page.html` and the like.
    pub requests: Vec<String>,
    /// Chromium's console lines: messages, errors, policy violations.
    pub console: Vec<String>,
    /// The screenshot or PDF it wrote.
    pub output: Vec<u8>,
}

/// What to ask of the browser.
pub enum Take {
    /// A screenshot of a window this wide and tall.
    Screenshot(u32, u32),
    /// The page printed to PDF.
    Pdf,
    /// The document as it stands once loaded (its scripts run), in a window
    /// this wide and tall.
    Dom(u32, u32),
}

/// Loads `page` (HTML) from the server in headless Chromium and takes what
/// `take` says.
pub fn visit(page: &str, take: Take) -> Visit {
    let scratch = Scratch::new();
    let server = Server::start(page.as_bytes().to_vec());
    let port = server.port;
    // Chromium goes by the name's extension.
    let output = scratch.path.join(match take {
        Take::Screenshot(..) => "page.png",
        Take::Pdf => "page.pdf",
        Take::Dom(..) => "page.html",
    });
    let mut rules: Vec<String> = ITS_OWN
        .iter()
        .map(|h| format!("MAP {h} ~NOTFOUND"))
        .collect();
    rules.push(format!("MAP * 127.0.0.1:{port}"));
    let mut command = Command::new(chromium());
    command.stdout(Stdio::null());
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ]);
    command.arg(format!(
        "--user-data-dir={}",
        scratch.path.join("profile").display()
    ));
    command.arg(format!("--host-resolver-rules={}", rules.join(", ")));
    match take {
        Take::Screenshot(width, height) => {
            command.arg(format!("--screenshot={}", output.display()));
            command.arg(format!("--window-size={width},{height}"));
        }
        Take::Pdf => {
            command.arg(format!("--print-to-pdf={}", output.display()));
            command.arg("--no-pdf-header-footer");
        }
        Take::Dom(width, height) => {
            command.arg("--dump-dom");
            command.arg(format!("--window-size={width},{height}"));
            command.stdout(std::fs::File::create(&output).unwrap());
        }
    }
    command.arg(format!("http://127.0.0.1:{port}/page.html"));
    let stderr = run(command);
    let console = stderr
        .lines()
        .filter(|line| line.contains(":CONSOLE"))
        .map(str::to_owned)
        .collect();
    let requests = server.requests();
    let output = std::fs::read(&output).unwrap_or_else(|error| {
        panic!("Chromium wrote no {}: {error}\n{stderr}", output.display())
    });
    Visit {
        requests,
        console,
        output,
    }
}

/// Runs the browser to its end, within `PATIENCE`; its stderr.
fn run(mut command: Command) -> String {
    let mut child = command
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {:?}: {error}", command.get_program()));
    let mut pipe = child.stderr.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = pipe.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium did not finish within {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = reader.join().unwrap();
    assert!(status.success(), "Chromium failed ({status}):\n{stderr}");
    stderr
}

/// The test server: `/page.html` is the page, anything else a 404; every
/// request is logged. A connection on which nothing comes (a browser's
/// preconnection) is no request.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<Vec<String>>,
}

impl Server {
    fn start(page: Vec<u8>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let told = Arc::clone(&stop);
        let page = Arc::new(page);
        let thread = std::thread::spawn(move || {
            let log = Arc::new(Mutex::new(Vec::new()));
            let mut handlers = Vec::new();
            loop {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (log, page) = (Arc::clone(&log), Arc::clone(&page));
                        handlers.push(std::thread::spawn(move || {
                            let _ = stream.set_nonblocking(false);
                            answer(&stream, &page, &log);
                        }));
                    }
                    // Everything the browser sent is in the queue by the
                    // time it has ended: stop only once the queue is empty.
                    Err(_) if told.load(Ordering::SeqCst) => break,
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
            for handler in handlers {
                let _ = handler.join();
            }
            let log = log.lock().unwrap();
            log.clone()
        });
        Server { port, stop, thread }
    }

    /// Every request, once the browser has ended.
    fn requests(self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.join().unwrap()
    }
}

/// Reads one request, logs it (its request line and host, or the server
/// name a TLS connection asked for) and answers it.
fn answer(stream: &TcpStream, page: &[u8], log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(PATIENCE));
    let mut reader = BufReader::new(stream);
    let peek = reader.fill_buf().map(<[u8]>::to_vec).unwrap_or_default();
    if peek.is_empty() {
        return;
    }
    if peek.first() == Some(&0x16) {
        let name = server_name(&peek).unwrap_or_else(|| "(no name)".to_owned());
        log.lock().unwrap().push(format!("TLS to {name}"));
        return;
    }
    let mut line = String::new();
    let _ = reader.read_line(&mut line);
    let mut host = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some(value) = header
            .strip_prefix("Host:")
            .or(header.strip_prefix("host:"))
        {
            host = value.trim().to_owned();
        }
    }
    let line = line.trim().to_owned();
    log.lock().unwrap().push(format!("{line} (host {host})"));
    let (status, body): (&str, &[u8]) = if line.starts_with("GET /page.html ") {
        ("200 OK", page)
    } else {
        ("404 Not Found", b"not here")
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(body);
}

/// The server name (SNI) in a TLS ClientHello, to say where a request went.
fn server_name(hello: &[u8]) -> Option<String> {
    let byte = |at: usize| hello.get(at).copied().map(usize::from);
    let short = |at: usize| Some(byte(at)? << 8 | byte(at + 1)?);
    // Record (5) and handshake (4) headers, version (2), random (32).
    let mut at = 5 + 4 + 2 + 32;
    at += 1 + byte(at)?; // session id
    at += 2 + short(at)?; // cipher suites
    at += 1 + byte(at)?; // compression methods
    let end = at + 2 + short(at)?;
    at += 2;
    while at + 4 <= end {
        let (kind, len) = (short(at)?, short(at + 2)?);
        if kind == 0 {
            // List length (2), name type (1), name length (2), name.
            let name_len = short(at + 4 + 3)?;
            let name = hello.get(at + 4 + 5..at + 4 + 5 + name_len)?;
            return Some(String::from_utf8_lossy(name).into_owned());
        }
        at += 4 + len;
    }
    None
}

/// A folder of its own for one browser run (its profile, its output),
/// removed afterwards.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "cxmap-html-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Scratch { path }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A screenshot's pixels: how many are not white, and how many colours
/// there are (to 4 bits a channel).
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub inked: usize,
    pub colours: usize,
}

/// Reads a PNG screenshot.
pub fn picture(png: &[u8]) -> Picture {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let samples = info.color_type.samples();
    // Colours to 4 bits a channel: a table, not a set, to stay quick in a
    // test build.
    let mut seen = [false; 4096];
    let mut inked = 0;
    for pixel in pixels[..info.buffer_size()].chunks_exact(samples) {
        let (r, g, b) = (pixel[0], pixel[1 % samples], pixel[2 % samples]);
        inked += usize::from((r, g, b) != (255, 255, 255));
        seen[usize::from(r >> 4) << 8 | usize::from(g >> 4) << 4 | usize::from(b >> 4)] = true;
    }
    Picture {
        width: info.width,
        height: info.height,
        inked,
        colours: seen.iter().filter(|&&s| s).count(),
    }
}

/// How many pages a PDF has: its `/Type /Page` objects (not `/Pages`).
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}
