//! `use_next_task`: `false` on a component's first render, `true` from a render in a later task
//! of the browser's (a zero-delay timer). What a component shows only from then on is rendered
//! in a task of its own: on a slow phone, starting up is then several short tasks (each with
//! the engine's first compilation of the code it runs) instead of one long one, and a tap or a
//! paint can run between them.

use yew::prelude::*;

#[hook]
pub fn use_next_task() -> bool {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            let timer = gloo_timers::callback::Timeout::new(0, move || ready.set(true));
            move || drop(timer)
        });
    }
    *ready
}
