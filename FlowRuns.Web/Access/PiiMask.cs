namespace FlowRuns.Web.Access;

/// <summary>What a viewer sees of a contact's email and phone: <c>a•••@example.com</c>, <c>+49•••••••17</c>.</summary>
public static class PiiMask
{
    public const char Dot = '•';

    public static string? Email(string? email)
    {
        if (string.IsNullOrEmpty(email)) return email;
        var at = email.LastIndexOf('@');
        return at <= 0 ? new string(Dot, 3) : email[0] + new string(Dot, 3) + email[at..];
    }

    public static string? Phone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return phone;
        if (phone.Length <= 5) return new string(Dot, phone.Length);
        var head = phone.StartsWith('+') ? 3 : 1;
        return phone[..head] + new string(Dot, phone.Length - head - 2) + phone[^2..];
    }

    /// <summary>A delivery's recipient, which is an email or a phone number (or an inbox contact id, shown as is).</summary>
    public static string? Recipient(string? recipient) =>
        recipient is null ? null : recipient.Contains('@') ? Email(recipient) : recipient.StartsWith('+') || recipient.All(c => char.IsDigit(c) || c is ' ' or '-') ? Phone(recipient) : recipient;
}
