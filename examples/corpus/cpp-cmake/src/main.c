// A minimal HTTP server: answers every request with a greeting.
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons(8088);
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 16)) return 1;
  const char *reply = "HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\nHello from C!\r\n";
  for (;;) {
    int c = accept(s, 0, 0);
    char buf[1024];
    if (read(c, buf, sizeof buf) > 0) write(c, reply, strlen(reply));
    close(c);
  }
}
