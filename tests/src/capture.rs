//! A minimal `tracing` subscriber that writes every span and event, with all fields,
//! into a string the test can search.
//!
//! It is installed once as the global default and routes each event to the capture
//! started on the current thread (tests run on `#[tokio::test]`'s current-thread
//! runtime). A scoped (`set_default`) subscriber per test would race with the
//! callsite interest cache when tests run in parallel.

use std::cell::RefCell;
use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Everything captured so far on one thread.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<String>>);

impl Captured {
    /// The captured text.
    pub fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

thread_local! {
    static SINK: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Stops capturing on this thread when dropped.
pub struct Guard(());

impl Drop for Guard {
    fn drop(&mut self) {
        SINK.with(|s| s.borrow_mut().take());
    }
}

/// Starts capturing every `tracing` span and event of the current thread.
pub fn start() -> (Guard, Captured) {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Capture {
            next_id: AtomicU64::new(1),
        })
        .expect("no other global subscriber");
    });
    let captured = Captured::default();
    SINK.with(|s| *s.borrow_mut() = Some(captured.clone()));
    (Guard(()), captured)
}

struct Capture {
    next_id: AtomicU64,
}

fn with_sink(write: impl FnOnce(&mut String)) {
    SINK.with(|s| {
        if let Some(captured) = s.borrow().as_ref() {
            write(&mut captured.0.lock().unwrap());
        }
    });
}

struct Line<'a>(&'a mut String);

impl Visit for Line<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        with_sink(|out| {
            let _ = write!(out, "span {}:", span.metadata().name());
            span.record(&mut Line(out));
            out.push('\n');
        });
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed))
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        with_sink(|out| {
            out.push_str("record:");
            values.record(&mut Line(out));
            out.push('\n');
        });
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        with_sink(|out| {
            let _ = write!(
                out,
                "{} {}:",
                event.metadata().level(),
                event.metadata().target()
            );
            event.record(&mut Line(out));
            out.push('\n');
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
