using System.Text.Json.Nodes;

namespace FlowRuns.Web.Api.Requests;

/// <summary>The body of <c>POST /api/flows/{key}/runs</c>.</summary>
/// <param name="ContactId">The contact the run is for (required unless a test run gives a mock <paramref name="Contact"/>).</param>
/// <param name="Data">Trigger data, readable in the flow as <c>%{name}</c>.</param>
/// <param name="Test">A test run: nothing is sent to a real channel.</param>
/// <param name="Contact">A mock contact for a test run.</param>
public sealed record StartRunBody(string? ContactId = null, JsonObject? Data = null, bool? Test = null, MockContactBody? Contact = null);

/// <summary>A contact made up for one test run.</summary>
public sealed record MockContactBody(string? Id = null, string? Name = null, string? Email = null, string? Phone = null, JsonObject? Attributes = null);
