//! The guide's text: one file per locale in `static/guide/` (shipped in the widget's `dist/guide/`),
//! fetched after the widget has started rather than compiled into the first load, and kept in
//! memory so the guide and the diagnosis work offline for the rest of the visit.
//!
//! Format (line based): `:key text` is a text of the view; `@slug` starts a cause, followed by
//! its `title`, `keys` (search words), `seen` (how to recognise it), `check` and `fix` lines.

use std::cell::RefCell;
use std::rc::Rc;

use filing_core::reason::Cause;

use crate::api::ApiError;
use crate::guide::diagnose::Outcome;
use crate::guide::keys::{CheckKey, GuideText, Note};
use crate::i18n::Locale;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct GuideCause {
    pub slug: String,
    pub title: String,
    pub keys: String,
    pub seen: String,
    pub checks: Vec<String>,
    pub fixes: Vec<String>,
    /// Lower-cased text of all of the above, for the filter.
    haystack: String,
}

impl GuideCause {
    pub fn cause(&self) -> Option<Cause> {
        Cause::from_slug(&self.slug)
    }

    /// Whether every word of a (normalised) query occurs in this cause's text.
    pub fn matches(&self, query: &str) -> bool {
        query.split_whitespace().all(|w| self.haystack.contains(w))
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Guide {
    texts: Vec<(String, String)>,
    pub causes: Vec<GuideCause>,
}

/// A query as the filter compares it: full-width forms folded to ASCII, ASCII lower case (Chinese
/// has no case; full Unicode case tables would cost the bundle more than they give), trimmed.
pub fn normalise_query(q: &str) -> String {
    q.chars()
        .map(filing_core::normalize::to_half_width)
        .collect::<String>()
        .trim()
        .to_ascii_lowercase()
}

impl Guide {
    pub fn parse(text: &str) -> Guide {
        let mut g = Guide::default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(rest) = line.strip_prefix(':') {
                let (k, v) = rest.split_once(' ').unwrap_or((rest, ""));
                g.texts.push((k.to_owned(), v.to_owned()));
                continue;
            }
            if let Some(slug) = line.strip_prefix('@') {
                g.causes.push(GuideCause {
                    slug: slug.trim().to_owned(),
                    ..GuideCause::default()
                });
                continue;
            }
            let (k, v) = line.split_once(' ').unwrap_or((line, ""));
            let Some(c) = g.causes.last_mut() else {
                continue;
            };
            let v = v.to_owned();
            match k {
                "title" => c.title = v,
                "keys" => c.keys = v,
                "seen" => c.seen = v,
                "check" => c.checks.push(v),
                "fix" => c.fixes.push(v),
                _ => {}
            }
        }
        for c in &mut g.causes {
            let all = [&c.title, &c.keys, &c.seen]
                .into_iter()
                .chain(&c.checks)
                .chain(&c.fixes)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ");
            c.haystack = normalise_query(&all);
        }
        g
    }

    /// A text by key; the key itself when missing (visible, never a crash).
    fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts
            .iter()
            .find(|(k, _)| k == key)
            .map_or(key, |(_, v)| v.as_str())
    }

    /// The texts whose keys start with `prefix`, in file order (a list such as `prevent.`).
    pub fn list(&self, prefix: &str) -> Vec<String> {
        self.texts
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// A text of the view.
    pub fn t(&self, key: GuideText) -> String {
        self.text(key.key()).to_owned()
    }

    /// A check's title.
    pub fn check_title(&self, key: CheckKey) -> String {
        self.text(&format!("check.{}", key.name())).to_owned()
    }

    /// What a check found, its `{}` filled with the evidence.
    pub fn check_note(&self, key: CheckKey, note: Note, arg: &str) -> String {
        let k = format!("check.{}.{}", key.name(), note.name());
        self.text(&k).replacen("{}", arg, 1)
    }

    /// The words for a check's outcome (passed / failed / could not check).
    pub fn outcome(&self, outcome: Outcome) -> String {
        self.text(&format!("diag.{}", outcome.name())).to_owned()
    }

    pub fn cause(&self, cause: Cause) -> Option<&GuideCause> {
        self.causes.iter().find(|c| c.slug == cause.slug())
    }

    /// The causes matching a query (all of them for an empty one).
    pub fn filter(&self, query: &str) -> Vec<&GuideCause> {
        let q = normalise_query(query);
        self.causes.iter().filter(|c| c.matches(&q)).collect()
    }
}

thread_local! {
    static LOADED: RefCell<Vec<(Locale, Rc<Guide>)>> = const { RefCell::new(Vec::new()) };
}

/// The guide already in memory for a locale.
pub fn cached(l: Locale) -> Option<Rc<Guide>> {
    LOADED.with(|c| {
        c.borrow()
            .iter()
            .find(|(loc, _)| *loc == l)
            .map(|(_, g)| g.clone())
    })
}

/// Puts a guide text in memory for a locale (a host that ships the text inline, and tests).
pub fn preload(l: Locale, text: &str) {
    let guide = Rc::new(Guide::parse(text));
    LOADED.with(|c| {
        let mut c = c.borrow_mut();
        c.retain(|(loc, _)| *loc != l);
        c.push((l, guide));
    });
}

thread_local! {
    static ASSET_BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Where the widget's own files are (mount mode: next to its script), ending in `/`.
pub fn set_asset_base(base: &str) {
    ASSET_BASE.with(|b| *b.borrow_mut() = base.to_owned());
}

/// A file of the widget's `dist/guide/`: next to the page, or under the asset base.
pub fn asset(name: &str) -> String {
    ASSET_BASE.with(|b| format!("{}guide/{name}", b.borrow()))
}

fn url(l: Locale) -> String {
    asset(&format!("{}.txt", l.tag()))
}

/// The guide for a locale, from memory or fetched once.
pub async fn load(l: Locale) -> Result<Rc<Guide>, ApiError> {
    if let Some(g) = cached(l) {
        return Ok(g);
    }
    let text = crate::api::get_text(&url(l)).await?;
    let guide = Rc::new(Guide::parse(&text));
    if guide.causes.is_empty() {
        return Err(ApiError::Malformed {
            status: 200,
            detail: "guide".to_owned(),
        });
    }
    LOADED.with(|c| c.borrow_mut().push((l, guide.clone())));
    Ok(guide)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH: &str = include_str!("../../static/guide/zh-CN.txt");
    const EN: &str = include_str!("../../static/guide/en.txt");

    #[test]
    fn both_files_explain_every_cause_with_checks_and_fixes() {
        for text in [ZH, EN] {
            let g = Guide::parse(text);
            assert_eq!(g.causes.len(), Cause::ALL.len());
            for cause in Cause::ALL {
                let c = g.cause(cause).unwrap_or_else(|| panic!("{cause:?}"));
                assert!(!c.title.is_empty() && !c.seen.is_empty(), "{cause:?}");
                assert!(c.checks.len() >= 2, "{cause:?} checks");
                assert!(!c.fixes.is_empty(), "{cause:?} fixes");
            }
        }
    }

    /// The article's prevention part, in both languages, item for item.
    #[test]
    fn both_files_say_how_to_prevent_it() {
        let (zh, en) = (Guide::parse(ZH), Guide::parse(EN));
        assert!(zh.list("prevent.").len() >= 5);
        assert_eq!(zh.list("prevent.").len(), en.list("prevent.").len());
        assert!(!zh.t(GuideText::PreventTitle).starts_with("prevention."));
    }

    #[test]
    fn both_files_have_the_same_view_texts() {
        let (zh, en) = (Guide::parse(ZH), Guide::parse(EN));
        let keys = |g: &Guide| g.texts.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&zh), keys(&en));
        assert!(zh.texts.iter().all(|(_, v)| !v.is_empty()));
    }

    #[test]
    fn the_filter_finds_pos_messages_and_codes_in_both_languages() {
        let zh = Guide::parse(ZH);
        let slugs = |q: &str| {
            zh.filter(q)
                .iter()
                .map(|c| c.slug.clone())
                .collect::<Vec<_>>()
        };
        assert!(slugs("终端未登记").contains(&"device-not-activated".to_owned()));
        assert!(
            slugs("９７").contains(&"filing-info-wrong".to_owned()),
            "full-width digits"
        );
        assert_eq!(slugs("码牌 绑定"), ["qr-code-bound-elsewhere"]);
        assert!(slugs("没有这种说法").is_empty());
        assert_eq!(zh.filter("  ").len(), Cause::ALL.len());
        let en = Guide::parse(EN);
        let hits: Vec<_> = en
            .filter("QR Stand")
            .iter()
            .map(|c| c.slug.clone())
            .collect();
        assert_eq!(hits, ["qr-code-bound-elsewhere"]);
        assert!(
            !en.filter("终端未登记").is_empty(),
            "POS messages in English too"
        );
    }

    #[test]
    fn a_missing_text_shows_its_key_and_placeholders_fill() {
        let g = Guide::parse(":check.network.pass Reached in {} ms\n");
        assert_eq!(
            g.check_note(CheckKey::Network, Note::Pass, "42"),
            "Reached in 42 ms"
        );
        assert_eq!(g.t(GuideText::DiagTitle), "diag.title");
    }

    /// Every text the code asks for is in both languages: the view's texts, each check's title
    /// and every sentence it can end with, and the outcomes.
    #[test]
    fn both_files_have_every_text_the_code_uses() {
        for (name, text) in [("zh-CN", ZH), ("en", EN)] {
            let g = Guide::parse(text);
            let has = |key: &str| g.texts.iter().any(|(k, v)| k == key && !v.is_empty());
            let mut missing: Vec<String> = GuideText::ALL
                .iter()
                .map(|t| t.key().to_owned())
                .chain(CheckKey::ALL.iter().flat_map(|c| {
                    std::iter::once(format!("check.{}", c.name())).chain(
                        c.notes()
                            .iter()
                            .map(move |n| format!("check.{}.{}", c.name(), n.name())),
                    )
                }))
                .chain(
                    [Outcome::Pass, Outcome::Fail, Outcome::Unknown]
                        .iter()
                        .map(|o| format!("diag.{}", o.name())),
                )
                .filter(|k| !has(k))
                .collect();
            missing.sort();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
        }
    }
}
