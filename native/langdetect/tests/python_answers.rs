//! The detector against answers printed by langdetect 1.0.9 under CPython 3.11.7
//! (`f = DetectorFactory(); f.load_profile(PROFILES_DIRECTORY); f.seed = 0`, then
//! `d = f.create(); d.append(text); d.detect()`, `None` for LangDetectException).
//!
//! Needs the installed langdetect's profiles: `LANGDETECT_PROFILES=/path/to/langdetect/profiles
//! cargo test`; without the variable the test says so and passes. `str.isupper` is approximated
//! by `char::is_uppercase`, which agrees with it on every character of these texts.

use cleanwire_langdetect::{Langdetect, Outcome};

const CASES: &[(&str, Option<&str>)] = &[
    (
        "Die Regierung hat am Montag neue Regeln für den Verkehr beschlossen.",
        Some("de"),
    ),
    ("Ceci est un petit texte en français.", Some("fr")),
    (
        "Questo testo breve parla di una città italiana.",
        Some("it"),
    ),
    ("Привет, как дела? Это тест.", Some("mk")),
    ("Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.", Some("el")),
    ("القاهرة هي عاصمة مصر وأكبر مدنها", Some("ar")),
    ("東京は日本の首都です。", Some("ja")),
    ("北京是中华人民共和国的首都。", Some("zh-cn")),
    ("臺北是中華民國的首都。", Some("zh-tw")),
    ("서울은 대한민국의 수도이다.", Some("ko")),
    ("Hà Nội là thủ đô của Việt Nam.", Some("vi")),
    ("Ha\u{300} No\u{323}i la\u{300} thu\u{309} đô", Some("vi")),
    (
        "București este capitala României și cel mai mare oraș.",
        Some("ro"),
    ),
    ("see https://example.com/x and a.b@example.org", Some("en")),
    ("THE NEWS TODAY", Some("vi")),
    ("12345 !!! ...", None),
    ("", None),
    ("x", Some("so")),
];

#[test]
fn answers_of_the_python_library() {
    let Some(dir) = std::env::var_os("LANGDETECT_PROFILES") else {
        eprintln!("LANGDETECT_PROFILES is not set: skipped");
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    // read_dir and os.listdir both list the directory in readdir order
    let files: Vec<String> = std::fs::read_dir(&dir)
        .expect("the profiles directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let detector = Langdetect::load(&dir, &files).expect("profiles load");
    for &(text, want) in CASES {
        let got = match detector.detect(text, char::is_uppercase).expect("no error") {
            Outcome::Language(code) => Some(code),
            Outcome::Unknown => Some("unknown".to_string()),
            Outcome::NoFeatures => None,
        };
        assert_eq!(got.as_deref(), want, "{text:?}");
    }
}
