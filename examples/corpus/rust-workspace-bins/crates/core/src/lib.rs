pub fn hello() -> &'static str { "Hello from Rust" }
