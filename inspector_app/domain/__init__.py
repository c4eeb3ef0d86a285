"""Pure rules of the trade: enums, validation, state machines and errors. No I/O, no Qt, no SQL."""
