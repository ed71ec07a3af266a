//! What the word server answers, and the line it logs for each exchange. Connections live in `session.rs`.

use crate::http::{query_values, Request, Response};
use crate::random::RandomSource;
use crate::words::{Letter, WordList, LETTER_RULE};

/// The answer to a well-formed request.
pub fn respond(request: &Request, words: &WordList<'_>, random: &mut dyn RandomSource) -> Response {
    let known_path = request.path == "/" || request.path == "/healthz";
    if !known_path {
        return Response::text(404, &format!("not found: {} (try / or /healthz)", request.path));
    }
    if request.method != "GET" && request.method != "HEAD" {
        let mut response = Response::text(
            405,
            &format!("method {} is not allowed here; use GET or HEAD", request.method),
        );
        response.allow = Some("GET, HEAD");
        return response;
    }
    if request.path == "/healthz" {
        return Response::text(200, "ok");
    }
    let letter = match requested_letter(request.query.as_deref()) {
        Ok(letter) => letter,
        Err(message) => return Response::text(400, &message),
    };
    match words.pick(letter, random) {
        Ok(Some(word)) => Response::text(200, word),
        Ok(None) => match letter {
            Some(letter) => Response::text(404, &format!("no word starts with '{}'", letter)),
            None => Response::text(404, "the word list is empty"),
        },
        Err(error) => Response::text(500, &format!("could not pick a word: {}", error)),
    }
}

/// The letter from `?starts_with=`, if given; an error message when it is not exactly one letter.
fn requested_letter(query: Option<&str>) -> Result<Option<Letter>, String> {
    let values = match query {
        Some(query) => query_values(query, "starts_with"),
        None => return Ok(None),
    };
    let value = match values.as_slice() {
        [] => return Ok(None),
        [value] => value,
        _ => {
            return Err(format!(
                "give starts_with only once; it must be {}, for example /?starts_with=d",
                LETTER_RULE
            ))
        }
    };
    std::str::from_utf8(value)
        .ok()
        .and_then(|text| Letter::parse(text).ok())
        .map(Some)
        .ok_or_else(|| format!("starts_with must be {}, for example /?starts_with=d", LETTER_RULE))
}

/// What happened on one connection, for the server's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// `GET /?starts_with=d`, or `- -` when the request could not be read.
    pub request: String,
    /// The status sent, or `None` when nothing was sent.
    pub status: Option<u16>,
    /// Why the exchange went wrong, if it did.
    pub problem: Option<String>,
}

impl Exchange {
    /// One log line, e.g. `GET /?starts_with=d 200`.
    pub fn log_line(&self) -> String {
        let status = match self.status {
            Some(status) => status.to_string(),
            None => "-".to_string(),
        };
        match &self.problem {
            Some(problem) => format!("{} {} ({})", self.request, status, problem),
            None => format!("{} {}", self.request, status),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::parse_head;
    use crate::random::FixedBytes;
    use crate::word_check::check_and_index;

    fn answer(raw: &[u8]) -> Response {
        let indexed = check_and_index("apple\nbanana\nberry\ncherry\n").unwrap();
        let words = WordList::from_indexed(&indexed);
        respond(&parse_head(raw).unwrap(), &words, &mut FixedBytes::index(1))
    }

    fn get(target: &str) -> Response {
        answer(format!("GET {} HTTP/1.1\r\nHost: localhost\r\n\r\n", target).as_bytes())
    }

    #[test]
    fn a_word_for_a_letter() {
        let response = get("/?starts_with=b");
        assert_eq!((response.status, response.body.as_str()), (200, "berry\n"));
    }

    #[test]
    fn any_word_without_a_letter() {
        assert_eq!(get("/").body, "banana\n");
    }

    #[test]
    fn health_check() {
        assert_eq!((get("/healthz").status, get("/healthz").body.as_str()), (200, "ok\n"));
    }

    #[test]
    fn bad_letters_get_400_with_the_rule() {
        for target in [
            "/?starts_with=",
            "/?starts_with=ab",
            "/?starts_with=1",
            "/?starts_with=%C3%A9",
            "/?starts_with=a&starts_with=b",
        ] {
            let response = get(target);
            assert_eq!(response.status, 400, "{}", target);
            assert!(response.body.contains("single letter from a to z"), "{}", target);
        }
    }

    #[test]
    fn a_letter_without_words_gets_404() {
        let response = get("/?starts_with=q");
        assert_eq!((response.status, response.body.as_str()), (404, "no word starts with 'q'\n"));
    }

    #[test]
    fn unknown_path_gets_404() {
        let response = get("/words");
        assert_eq!(response.status, 404);
        assert!(response.body.contains("/words"));
    }

    #[test]
    fn other_methods_get_405_with_allow() {
        let response = answer(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        assert_eq!((response.status, response.allow), (405, Some("GET, HEAD")));
    }

    #[test]
    fn broken_randomness_is_a_500_not_a_trap() {
        let indexed = check_and_index("apple\n").unwrap();
        let words = WordList::from_indexed(&indexed);
        let request = parse_head(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        assert_eq!(respond(&request, &words, &mut FixedBytes::new(Vec::new())).status, 500);
    }

    #[test]
    fn log_lines() {
        let exchange = Exchange {
            request: "GET /healthz".to_string(),
            status: Some(200),
            problem: None,
        };
        assert_eq!(exchange.log_line(), "GET /healthz 200");
        let exchange = Exchange {
            request: "- -".to_string(),
            status: None,
            problem: Some("client closed without a request".to_string()),
        };
        assert_eq!(exchange.log_line(), "- - - (client closed without a request)");
    }
}
