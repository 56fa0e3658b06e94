/*
 * libssh (libssh.org) as C programs and its bindings use it: ssh_channel_open_forward() for a
 * direct-tcpip channel, ssh_channel_listen_forward() for tcpip-forward (-R), a key from a file
 * for publickey authentication. On failure it prints ssh_get_error(session), the text libssh
 * gives the program, then the error's class (ssh_get_error_code).
 *
 * usage: libssh-client local|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
 */
#include <libssh/libssh.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(ssh_session session) {
  int code = ssh_get_error_code(session);
  fprintf(stderr, "%s\n", ssh_get_error(session));
  fprintf(stderr, "error code: %s\n", code == SSH_REQUEST_DENIED ? "SSH_REQUEST_DENIED" : code == SSH_FATAL ? "SSH_FATAL" : "SSH_NO_ERROR");
  ssh_disconnect(session);
  ssh_free(session);
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 7) return 2;
  const char *mode = argv[1], *host = argv[2], *keyfile = argv[4], *target_host = argv[5];
  unsigned int port = (unsigned int)atoi(argv[3]);
  int target_port = atoi(argv[6]);
  long timeout = 5;

  ssh_session session = ssh_new();
  if (session == NULL) return 2;
  ssh_options_set(session, SSH_OPTIONS_HOST, host);
  ssh_options_set(session, SSH_OPTIONS_PORT, &port);
  ssh_options_set(session, SSH_OPTIONS_USER, "root");
  ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout);
  if (ssh_connect(session) != SSH_OK) return fail(session);
  /* The host key is not checked here (the recorder's servers are throwaway ones). */

  ssh_key key = NULL;
  if (ssh_pki_import_privkey_file(keyfile, NULL, NULL, NULL, &key) != SSH_OK) {
    fprintf(stderr, "cannot read %s\n", keyfile);
    return 2;
  }
  int rc = ssh_userauth_publickey(session, NULL, key);
  ssh_key_free(key);
  if (rc != SSH_AUTH_SUCCESS) return fail(session);

  if (strcmp(mode, "local") == 0) {
    ssh_channel channel = ssh_channel_new(session);
    if (ssh_channel_open_forward(channel, target_host, target_port, "127.0.0.1", 41234) != SSH_OK) {
      ssh_channel_free(channel);
      return fail(session);
    }
    char buf[64] = {0};
    int n = ssh_channel_read_timeout(channel, buf, sizeof buf - 1, 0, 3000);
    ssh_channel_write(channel, "x", 1);
    ssh_channel_close(channel);
    ssh_channel_free(channel);
    printf("%s\n", n > 0 && strncmp(buf, "hello", 5) == 0 ? "opened" : "no greeting");
  } else if (strcmp(mode, "remote") == 0) {
    int bound = 0;
    if (ssh_channel_listen_forward(session, target_host, target_port, &bound) != SSH_OK) return fail(session);
    printf("opened\n");
  }
  ssh_disconnect(session);
  ssh_free(session);
  return 0;
}
