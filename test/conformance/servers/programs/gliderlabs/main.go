// A server built on github.com/gliderlabs/ssh (Debian golang-github-gliderlabs-ssh-dev), the way
// Go projects embed one: public-key login against one authorized_keys file, and forwarding set up
// as the mode says.
//
//	none:    no forwarding handler at all (the library's default)
//	denied:  DirectTCPIPHandler and ForwardedTCPHandler installed, both callbacks return false
//	allowed: the same handlers, both callbacks return true (the working control)
//
// Every forwarding decision is written to stderr, so the recorder can keep it as the server's lines.
//
// usage: gliderlabs-server none|denied|allowed PORT HOSTKEY AUTHORIZED_KEYS
package main

import (
	"fmt"
	"log"
	"os"

	"github.com/gliderlabs/ssh"
	gossh "golang.org/x/crypto/ssh"
)

func main() {
	mode, port, hostKey, authorized := os.Args[1], os.Args[2], os.Args[3], os.Args[4]
	raw, err := os.ReadFile(authorized)
	if err != nil {
		log.Fatal(err)
	}
	allowedKey, _, _, _, err := gossh.ParseAuthorizedKey(raw)
	if err != nil {
		log.Fatal(err)
	}
	log.SetFlags(0)
	srv := &ssh.Server{
		Addr: "127.0.0.1:" + port,
		Handler: func(s ssh.Session) {
			fmt.Fprintln(s, "session")
		},
		PublicKeyHandler: func(ctx ssh.Context, key ssh.PublicKey) bool {
			return ssh.KeysEqual(key, allowedKey)
		},
	}
	if mode != "none" {
		allow := mode == "allowed"
		srv.LocalPortForwardingCallback = func(ctx ssh.Context, host string, port uint32) bool {
			log.Printf("LocalPortForwardingCallback(%s, %d) = %v", host, port, allow)
			return allow
		}
		srv.ReversePortForwardingCallback = func(ctx ssh.Context, host string, port uint32) bool {
			log.Printf("ReversePortForwardingCallback(%s, %d) = %v", host, port, allow)
			return allow
		}
		forwards := &ssh.ForwardedTCPHandler{}
		srv.ChannelHandlers = map[string]ssh.ChannelHandler{
			"session":      ssh.DefaultSessionHandler,
			"direct-tcpip": ssh.DirectTCPIPHandler,
		}
		srv.RequestHandlers = map[string]ssh.RequestHandler{
			"tcpip-forward":        forwards.HandleSSHRequest,
			"cancel-tcpip-forward": forwards.HandleSSHRequest,
		}
	}
	if err := srv.SetOption(ssh.HostKeyFile(hostKey)); err != nil {
		log.Fatal(err)
	}
	log.Fatal(srv.ListenAndServe())
}
