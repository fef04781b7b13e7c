//! Passwords labelled in other languages and scripts (`密码: x`, `пароль: x`, `パスワード：x`,
//! `hasło: x`, `lösenord = x`), and ASCII secret names before a full-width colon
//! (`password：x`, as East Asian input methods type it). The assignment pass reads ASCII names
//! and separators only.

use std::sync::LazyLock;

use regex::Captures;

use crate::pattern::Gated;

use crate::REDACTED;
use crate::names::is_secret_name;

/// "Password" (and "passphrase", "private key") in other languages, written as labels are:
/// Chinese, Japanese, Korean, Russian and its neighbours, Polish, Czech and Slovak, Swedish,
/// Norwegian and Danish, Finnish, Hungarian, Turkish, Greek, Hebrew, Arabic, Persian, Hindi,
/// Vietnamese, Indonesian and Malay, Thai, Romanian, Croatian and Serbian, Slovenian, Estonian,
/// Latvian, Lithuanian, German's `Kennwort`, Catalan.
const LABELS: &[&str] = &[
    "密码",
    "密碼",
    "口令",
    "密钥",
    "私钥",
    "パスワード",
    "暗証番号",
    "秘密鍵",
    "비밀번호",
    "패스워드",
    "암호",
    "пароль",
    "парола",
    "лозинка",
    "hasło",
    "heslo",
    "lösenord",
    "passord",
    "adgangskode",
    "salasana",
    "jelszó",
    "şifre",
    "κωδικός",
    "συνθηματικό",
    "סיסמה",
    "كلمة المرور",
    "كلمة السر",
    "رمز عبور",
    "पासवर्ड",
    "mật khẩu",
    "kata sandi",
    "kata laluan",
    "รหัสผ่าน",
    "parolă",
    "lozinka",
    "geslo",
    "parool",
    "parole",
    "slaptažodis",
    "kennwort",
    "contrasenya",
];

/// A label and its separator (ASCII or full-width `:`/`=`), then the value's first word.
static LABELLED: LazyLock<Option<Gated>> = LazyLock::new(|| {
    let labels: Vec<String> = LABELS.iter().map(|l| regex::escape(l)).collect();
    crate::pattern::new(&format!(
        r"(?i)(?P<head>(?P<start>^[ \t]*(?:-[ \t]+)?)?(?:(?P<label>{})|(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?P<wide>：))[ \t]*(?:[:：=＝][ \t]*)?)(?P<value>\S[^\n]*)",
        labels.join("|")
    ))
    .ok()
});

/// `text` with the values of passwords labelled in other languages hidden.
pub(crate) fn redact_foreign_labels(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let Some(pattern) = LABELLED.as_ref() else {
        return REDACTED.to_owned();
    };
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.is_ascii() {
            out.push_str(line);
            continue;
        }
        let replaced = pattern.replace_all(line, |c: &Captures| {
            let whole = c.get(0).map_or("", |m| m.as_str());
            let head = c.name("head").map_or("", |m| m.as_str());
            let value = c.name("value").map_or("", |m| m.as_str());
            // A foreign label needs its separator (`пароль: x`, not `пароль x` in a sentence);
            // an ASCII name needs to name a secret.
            let separated = head.trim_end().ends_with([':', '：', '=', '＝']);
            let secret = match (c.name("label"), c.name("name")) {
                (Some(_), _) => separated,
                (None, Some(name)) => c.name("wide").is_some() && is_secret_name(name.as_str()),
                _ => false,
            };
            if !secret || value.starts_with(REDACTED) || value.starts_with('$') {
                return whole.to_owned();
            }
            // At a line's start the value runs to the line's end, as a passphrase may;
            // elsewhere it is one word, or one quoted string.
            let value = value.trim_end();
            let (open, close) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => (q, q),
                Some('「') => ('「', '」'),
                _ => (' ', ' '),
            };
            let quoted = open != ' ';
            let body = if quoted {
                &value[open.len_utf8()..]
            } else {
                value
            };
            let end = if quoted {
                body.find(close).unwrap_or(body.len())
            } else if c.name("start").is_some() {
                body.len()
            } else {
                body.find(char::is_whitespace).unwrap_or(body.len())
            };
            let opener = if quoted {
                open.to_string()
            } else {
                String::new()
            };
            format!("{head}{opener}{REDACTED}{}", &body[end..])
        });
        out.push_str(&replaced);
    }
    out
}
