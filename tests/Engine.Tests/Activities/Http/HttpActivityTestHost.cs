using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Weft.Engine.Activities;
using Weft.Engine.Model;
using Weft.Engine.Runtime;

namespace Weft.Engine.Tests.Activities.Http;

/// <summary>
/// The runtime side of an <see cref="ActivityContext"/> for the HTTP activities: services the test
/// chooses (an <see cref="IHttpClientFactory"/>, <c>HttpActivityOptions</c>), a fixed <c>trigger</c>,
/// and a record of emitted events and heartbeats.
/// </summary>
internal sealed class HttpActivityTestHost : IActivityHost
{
    private readonly Dictionary<Type, object> _services = [];

    public string InstanceId => "instance-1";
    public string DefinitionId => "http-test";
    public string IdempotencyKey => "instance-1:node";
    public string Scope => "";
    public IServiceProvider Services => new Provider(_services);
    public ILogger Logger => NullLogger.Instance;
    public TimeProvider Time => TimeProvider.System;
    public IWorkflowClient Workflows => throw new NotSupportedException("HTTP activities start no workflows.");
    public ContainerProgress? Container => null;

    /// <summary>What <c>{{ trigger }}</c> evaluates to.</summary>
    public JsonObject? Trigger { get; set; }

    public List<(string Type, JsonNode? Data)> Events { get; } = [];
    public int Heartbeats { get; private set; }

    public HttpActivityTestHost With<T>(T service) where T : class
    {
        _services[typeof(T)] = service;
        return this;
    }

    public ActivityContext Context(string type, JsonObject inputs, CancellationToken cancellationToken = default)
    {
        var node = new NodeDefinition { Id = "node", Type = type };
        return new ActivityContext(this, node, inputs, attempt: 1, cancellationToken);
    }

    public JsonNode? Evaluate(string template) => template.Trim() == "{{ trigger }}"
        ? Trigger
        : throw new InvalidOperationException($"This test did not expect an evaluation of '{template}'.");

    public void SetVariable(string name, JsonNode? value) => throw new NotSupportedException();

    public void Heartbeat() => Heartbeats++;

    public ValueTask EmitAsync(string eventType, JsonNode? data)
    {
        Events.Add((eventType, data));
        return ValueTask.CompletedTask;
    }

    private sealed class Provider(Dictionary<Type, object> services) : IServiceProvider
    {
        public object? GetService(Type serviceType) => services.GetValueOrDefault(serviceType);
    }
}

/// <summary>An <see cref="IHttpClientFactory"/> whose clients send through one handler, recording the names asked for.</summary>
internal sealed class StubHttpClientFactory(HttpMessageHandler handler) : IHttpClientFactory
{
    public List<string> Names { get; } = [];

    public HttpClient CreateClient(string name)
    {
        Names.Add(name);
        return new HttpClient(handler, disposeHandler: false);
    }
}

/// <summary>Answers each request with what the test's function returns; keeps every request (and its body) it saw.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request, body));
        var response = answer(request);
        response.RequestMessage ??= request;
        return response;
    }
}
