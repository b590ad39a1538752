using System.Net;
using System.Net.Sockets;

namespace Weft.AppHost.Supervisor;

/// <summary>Free loopback ports, asked of the operating system (bind to port 0), never the same one twice in a run.</summary>
internal sealed class PortAllocator
{
    private readonly HashSet<int> _given = [];

    public int Next()
    {
        lock (_given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (_given.Add(port))
                    return port;
            }
        }
    }
}
