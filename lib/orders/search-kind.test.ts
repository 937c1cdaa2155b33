import { describe, expect, it } from "vitest";
import { classifySearch, isMaskedPhone, maskPhone } from "./search-kind";

describe("the search box classifier", () => {
  it.each([
    ["13812345678", "phone", "13812345678"],
    [" 138 1234 5678 ", "phone", "13812345678"],
    ["3796207345637527441", "tid", "3796207345637527441"],
    ["518073718172548000", "tid", "518073718172548000"],
    ["550281136794", "waybill", "550281136794"],
    ["YT1234567890", "waybill", "YT1234567890"],
    ["SF1300000012345", "waybill", "SF1300000012345"],
    ["快**猫", "buyer", "快**猫"],
    ["t**", "buyer", "t**"],
    ["绿檀木梳", "text", "绿檀木梳"],
    ["SKU-A1", "text", "SKU-A1"],
    ["12345", "text", "12345"],
    ["<script>alert(1)</script>", "text", "<script>alert(1)</script>"],
    ["' OR 1=1 --", "text", "' OR 1=1 --"],
  ])("%s → %s", (input, kind, term) => {
    expect(classifySearch(input)).toEqual({ kind, term });
  });

  it("is null for blank input; a 12-digit number starting with 1 is not a phone", () => {
    expect(classifySearch("   ")).toBeNull();
    expect(classifySearch("138123456789")?.kind).toBe("waybill");
    expect(classifySearch("12812345678")?.kind).toBe("waybill");
  });

  it("masks phone numbers for the audit log", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("123")).toBe("***");
  });
});

describe("the masked number a phone look-up leaves in the URL", () => {
  it("is maskPhone's output of a mobile, and nothing else", () => {
    expect(isMaskedPhone(maskPhone("13812345678"))).toBe(true);
    for (const s of ["13812345678", "138****567", "238****5678", "138****567a", "", "138*****5678"]) expect(isMaskedPhone(s), s).toBe(false);
  });
});
