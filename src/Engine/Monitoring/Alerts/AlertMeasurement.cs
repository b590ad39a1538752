namespace Weft.Engine.Monitoring.Alerts;

/// <summary>What a rule measured for one subject at one evaluation; <see cref="Firing"/> when its condition holds.</summary>
public sealed record AlertMeasurement(string Subject, double? Value, bool Firing, string Message);
