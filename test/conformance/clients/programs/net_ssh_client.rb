# Ruby's net-ssh as Capistrano, Chef's knife, Vagrant and net-ssh-gateway use it:
# session.open_channel("direct-tcpip") with no on_open_failed callback, session.forward.local and
# one connection through the listener (-L), or session.forward.remote (-R), then session.loop.
# A Net::SSH exception is printed as "Class: message" (what `rescue => e` code logs); a
# ChannelOpenFailed also with its #code and #reason.
#
# usage: net_ssh_client.rb local|forward|remote|auth HOST PORT KEYFILE TARGET_HOST TARGET_PORT
require 'net/ssh'
require 'socket'

mode, host, port, keyfile, target_host, target_port = ARGV
target_port = Integer(target_port)

begin
  Net::SSH.start(host, 'root', port: Integer(port), keys: [keyfile], keys_only: true, use_agent: false,
                               verify_host_key: :never, non_interactive: true, timeout: 5) do |ssh|
    case mode
    when 'local'
      greeting = nil
      ssh.open_channel('direct-tcpip', :string, target_host, :long, target_port, :string, '127.0.0.1', :long, 41234) do |ch|
        ch.on_data do |c, data|
          greeting = data
          c.send_data('x')
          c.close
        end
      end
      ssh.loop(0.1) { greeting.nil? }
      puts greeting.start_with?('hello') ? 'opened' : "read #{greeting.inspect}"
    when 'forward'
      ssh.forward.local('127.0.0.1', 15432, target_host, target_port)
      # What the program behind -L does: connect, read the greeting, send one byte.
      user = Thread.new do
        s = TCPSocket.new('127.0.0.1', 15432)
        line = s.wait_readable(3) && s.gets
        puts line.strip if line
        begin
          s.write('x')
        rescue SystemCallError
          nil
        end
        s.close
      end
      ssh.loop(0.1) { user.alive? }
      ssh.forward.cancel_local(15432, '127.0.0.1')
    when 'remote'
      ssh.forward.remote(5432, '127.0.0.1', target_port, target_host)
      ssh.loop(0.1) { ssh.forward.active_remotes.empty? }
      puts 'opened'
    end
  end
rescue Net::SSH::Exception => e
  warn "#{e.class}: #{e.message}"
  warn "code: #{e.code}, reason: #{e.reason.inspect}" if e.is_a?(Net::SSH::ChannelOpenFailed)
  exit 1
end
