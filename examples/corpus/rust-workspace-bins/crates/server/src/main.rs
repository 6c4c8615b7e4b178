use std::io::Write;
use std::net::TcpListener;

fn main() {
    let l = TcpListener::bind("0.0.0.0:7878").unwrap();
    for s in l.incoming() {
        let mut s = s.unwrap();
        let _ = write!(s, "HTTP/1.1 200 OK\r\n\r\n{}", core::hello());
    }
}
