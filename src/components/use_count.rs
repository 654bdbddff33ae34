//! `use_count`: a number that only goes up, and one callback for the component's life that
//! bumps it. An effect that depends on the number runs again on each bump: the connection's
//! next check, the reference data's retry.

use std::rc::Rc;

use yew::prelude::*;

#[derive(PartialEq)]
struct Count(u32);

impl Reducible for Count {
    type Action = ();

    fn reduce(self: Rc<Self>, (): ()) -> Rc<Self> {
        Rc::new(Count(self.0 + 1))
    }
}

pub struct UseCountHandle {
    pub count: u32,
    /// The same callback on every render (it may be held in a context, or compared in props).
    pub bump: Callback<()>,
}

#[hook]
pub fn use_count() -> UseCountHandle {
    let count = use_reducer(|| Count(0));
    let next = count.dispatcher();
    let bump = use_callback((), move |(), _| next.dispatch(()));
    UseCountHandle {
        count: count.0,
        bump,
    }
}
