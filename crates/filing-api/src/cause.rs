//! An error's text with its causes, for logs and messages (a leaf: every module may use it).

/// An error and its sources, outermost first: "a: b: c". A source whose text the error before
/// it already ends with (some wrap their source's message in their own) is not repeated.
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that wraps its source's message (as the connection pool does) is read once.
    #[test]
    fn a_source_already_in_its_errors_message_is_not_repeated() {
        #[derive(Debug)]
        struct Wrapping(std::io::Error);
        impl std::fmt::Display for Wrapping {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "cannot connect: {}", self.0)
            }
        }
        impl std::error::Error for Wrapping {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = Wrapping(std::io::Error::other("handshake failed"));
        assert_eq!(chain(&e), "cannot connect: handshake failed");
    }
}
