<?php
// phpseclib 1.0 (Debian php-seclib) as PHP deployment tools use it: Net_SSH2 and login() with a
// Crypt_RSA key. This release has no port forwarding API (no direct-tcpip, no tcpip-forward: its
// only channels are "session" ones for exec, shell and subsystems), so the recorder runs it for
// the authentication case only. login() returns false; the program prints what phpseclib
// offers to explain it: getLastError() and the methods the server lets it continue with.
//
// usage: php phpseclib_client.php auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
require_once 'Net/SSH2.php';
require_once 'Crypt/RSA.php';

list(, $mode, $host, $port, $keyfile) = $argv;
$key = new Crypt_RSA();
if (!$key->loadKey(file_get_contents($keyfile))) {
    fwrite(STDERR, "cannot read $keyfile\n");
    exit(2);
}
$ssh = new Net_SSH2($host, (int) $port, 5);
if (!$ssh->login('root', $key)) {
    fwrite(STDERR, 'login() returned false; getLastError(): ' . var_export($ssh->getLastError(), true) . "\n");
    fwrite(STDERR, 'getAuthMethodsToContinue(): ' . implode(',', (array) $ssh->getAuthMethodsToContinue()) . "\n");
    exit(1);
}
echo "logged in\n";
