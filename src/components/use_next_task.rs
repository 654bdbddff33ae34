//! `use_task_after` and `use_next_task`: a flag that turns `true` in a later task of the
//! browser's (a zero-delay timer). What a component renders or starts only from then on runs in
//! a task of its own: on a slow phone, starting up is then several short tasks (each with the
//! engine's first compilation of the code it runs) instead of one long one, and a tap or a paint
//! can run between them.

use yew::prelude::*;

/// `false` until the task after the render in which `after` was first `true`.
#[hook]
pub fn use_task_after(after: bool) -> bool {
    let ready = use_state(|| false);
    {
        let ready = ready.clone();
        use_effect_with(after, move |&after| {
            let timer = (after && !*ready)
                .then(|| gloo_timers::callback::Timeout::new(0, move || ready.set(true)));
            move || drop(timer)
        });
    }
    *ready
}

/// `false` on a component's first render, `true` from a render in the task after it.
#[hook]
pub fn use_next_task() -> bool {
    use_task_after(true)
}
