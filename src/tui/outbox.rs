//! Where a worker thread posts its replies. The workers know only this trait; the event
//! loop's channel implements it (`event.rs`), so the workers and the events they become
//! do not depend on each other both ways.

/// A place to post messages of type `T` from another thread.
pub trait Outbox<T>: Send + Sync + 'static {
    /// Posts `message`; false when nobody listens any more (the UI has quit).
    fn post(&self, message: T) -> bool;
}

impl<T: Send + 'static> Outbox<T> for std::sync::mpsc::Sender<T> {
    fn post(&self, message: T) -> bool {
        self.send(message).is_ok()
    }
}
