"""The nurture engine: enrollment, scheduling, dispatch, rendering and sending."""
