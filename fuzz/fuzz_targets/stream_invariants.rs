//! What the one-pass reader of a JSON document's text (`fundcheck::doc::stream`, the core's
//! `one-pass` feature) must satisfy: what it takes, the tree reads as the same document.
//! Shared by the JSON document target and, when the core has the feature, its corpus test.

/// The document `doc::stream` reads from `data`, if it reads one, is the one the tree gives.
pub fn stream_reads_as_tree(data: &[u8], pack: &fundcheck::Pack, options: &fundcheck::Options) {
    let vocab = pack.vocabularies();
    if let Some(app) = fundcheck::doc::stream::application(data, vocab, &options.limits) {
        let tree = fundcheck::json::parse(data, &options.limits);
        let document = tree
            .ok()
            .and_then(|t| fundcheck::doc::from_tree(&t, vocab, &options.limits).ok());
        assert_eq!(
            document,
            Some(fundcheck::Document::Application(app)),
            "the one-pass reader read another document"
        );
    }
}
