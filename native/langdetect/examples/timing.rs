//! Time `Langdetect::detect` on lines of a text file:
//! `cargo run --release --example timing -- PROFILES_DIR FILE`. The texts that reach
//! langdetect among `bench/speed.py`'s short texts: `bench/langdetect_samples.py FILE`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[1]);
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("profiles")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let started = Instant::now();
    let d = cleanwire_langdetect::Langdetect::load(dir, &files).expect("load");
    println!("load {:?}, {} bytes", started.elapsed(), d.resident_bytes());
    let text = std::fs::read_to_string(&args[2]).expect("text");
    let lines: Vec<&str> = text.lines().filter(|l| l.len() > 20).collect();
    let started = Instant::now();
    let mut n = 0;
    for _ in 0..40 {
        for l in &lines {
            let _ = d.detect(l, char::is_uppercase);
            n += 1;
        }
    }
    println!("{n} calls, {:?} per call", started.elapsed() / n);
}
