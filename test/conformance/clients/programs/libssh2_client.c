/*
 * libssh2 (libssh2.org) as C programs and its bindings (PHP's ssh2, Rust's ssh2, git tools) use
 * it: libssh2_channel_direct_tcpip_ex() for a direct-tcpip channel,
 * libssh2_channel_forward_listen_ex() for tcpip-forward (-R), a key from a file for publickey
 * authentication. On failure it prints libssh2_session_last_error()'s message and code, which is
 * what the program gets.
 *
 * usage: libssh2-client local|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
 */
#include <arpa/inet.h>
#include <libssh2.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(LIBSSH2_SESSION *session, int sock) {
  char *msg = NULL;
  int len = 0;
  int code = libssh2_session_last_error(session, &msg, &len, 0);
  fprintf(stderr, "%s\n", msg != NULL ? msg : "");
  fprintf(stderr, "error code: %d\n", code);
  libssh2_session_disconnect(session, "bye");
  libssh2_session_free(session);
  close(sock);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 7) return 2;
  const char *mode = argv[1], *host = argv[2], *keyfile = argv[4], *target_host = argv[5];
  int port = atoi(argv[3]), target_port = atoi(argv[6]);

  if (libssh2_init(0) != 0) return 2;
  int sock = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1 || connect(sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
    perror("connect");
    return 2;
  }
  LIBSSH2_SESSION *session = libssh2_session_init();
  libssh2_session_set_timeout(session, 5000);
  if (libssh2_session_handshake(session, sock) != 0) return fail(session, sock);
  /* The host key is not checked here (the recorder's servers are throwaway ones). */
  if (libssh2_userauth_publickey_fromfile_ex(session, "root", 4, NULL, keyfile, NULL) != 0) return fail(session, sock);

  if (strcmp(mode, "local") == 0) {
    LIBSSH2_CHANNEL *channel = libssh2_channel_direct_tcpip_ex(session, target_host, target_port, "127.0.0.1", 41234);
    if (channel == NULL) return fail(session, sock);
    char buf[64] = {0};
    ssize_t n = libssh2_channel_read(channel, buf, sizeof buf - 1);
    libssh2_channel_write(channel, "x", 1);
    libssh2_channel_free(channel);
    printf("%s\n", n > 0 && strncmp(buf, "hello", 5) == 0 ? "opened" : "no greeting");
  } else if (strcmp(mode, "remote") == 0) {
    int bound = 0;
    LIBSSH2_LISTENER *listener = libssh2_channel_forward_listen_ex(session, target_host, target_port, &bound, 16);
    if (listener == NULL) return fail(session, sock);
    libssh2_channel_forward_cancel(listener);
    printf("opened\n");
  }
  libssh2_session_disconnect(session, "bye");
  libssh2_session_free(session);
  close(sock);
  libssh2_exit();
  return 0;
}
