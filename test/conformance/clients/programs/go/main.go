// Go's golang.org/x/crypto/ssh as Terraform, Packer and most Go tools use it: client.Dial for a
// direct-tcpip channel (-L), client.Listen for tcpip-forward (-R). Prints err.Error(), which is
// what those tools wrap into their own messages.
//
// usage: go-client local|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
package main

import (
	"fmt"
	"net"
	"os"
	"time"

	"golang.org/x/crypto/ssh"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, err.Error())
	os.Exit(1)
}

func main() {
	mode, host, port, keyfile, targetHost, targetPort := os.Args[1], os.Args[2], os.Args[3], os.Args[4], os.Args[5], os.Args[6]
	pem, err := os.ReadFile(keyfile)
	if err != nil {
		fail(err)
	}
	signer, err := ssh.ParsePrivateKey(pem)
	if err != nil {
		fail(err)
	}
	config := &ssh.ClientConfig{
		User:            "root",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	}
	client, err := ssh.Dial("tcp", net.JoinHostPort(host, port), config)
	if err != nil {
		fail(err)
	}
	defer client.Close()
	addr := net.JoinHostPort(targetHost, targetPort)
	if mode == "remote" {
		l, err := client.Listen("tcp", addr)
		if err != nil {
			fail(err)
		}
		l.Close()
	} else {
		c, err := client.Dial("tcp", addr)
		if err != nil {
			fail(err)
		}
		c.Close()
	}
	fmt.Println("opened")
}
