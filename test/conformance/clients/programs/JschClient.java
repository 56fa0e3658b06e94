// JSch (com.jcraft.jsch) as Java tools use it (Jenkins plugins, Ant's sshexec, Spring
// Integration, many database GUIs): a ChannelDirectTCPIP connected directly, or
// session.setPortForwardingL() and one connection through the listener (-L), or
// session.setPortForwardingR() (-R). A JSchException is printed as its toString(), the first line
// of its stack trace.
//
// usage: java -cp jsch.jar:. JschClient local|forward|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT

import com.jcraft.jsch.ChannelDirectTCPIP;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class JschClient {
  public static void main(String[] args) throws Exception {
    String mode = args[0], host = args[1], keyfile = args[3], targetHost = args[4];
    int port = Integer.parseInt(args[2]), targetPort = Integer.parseInt(args[5]);
    Session session = null;
    int status = 0;
    try {
      JSch jsch = new JSch();
      jsch.addIdentity(keyfile);
      session = jsch.getSession("root", host, port);
      session.setConfig("StrictHostKeyChecking", "no");
      session.connect(5000);
      switch (mode) {
        case "local": {
          ChannelDirectTCPIP channel = (ChannelDirectTCPIP) session.openChannel("direct-tcpip");
          channel.setHost(targetHost);
          channel.setPort(targetPort);
          channel.setOrgIPAddress("127.0.0.1");
          channel.setOrgPort(41234);
          InputStream in = channel.getInputStream();
          OutputStream out = channel.getOutputStream();
          channel.connect(5000);
          String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
          out.write('x');
          out.flush();
          channel.disconnect();
          System.out.println("hello".equals(line) ? "opened" : "read " + line);
          break;
        }
        case "forward": {
          session.setPortForwardingL("127.0.0.1", 15432, targetHost, targetPort);
          try (Socket s = new Socket("127.0.0.1", 15432)) {
            s.setSoTimeout(3000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line != null) System.out.println(line);
            s.getOutputStream().write('x');
          } catch (IOException e) {
            // what the program behind -L sees once JSch closes its side
          }
          Thread.sleep(300);
          break;
        }
        case "remote":
          session.setPortForwardingR(targetHost, targetPort, "127.0.0.1", 5432);
          System.out.println("opened");
          break;
        default:
          break;
      }
    } catch (JSchException e) {
      System.err.println(e.toString());
      status = 1;
    } finally {
      if (session != null) session.disconnect();
    }
    System.exit(status);
  }
}
