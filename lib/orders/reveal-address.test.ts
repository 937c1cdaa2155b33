import { describe, expect, it } from "vitest";
import { revealedAddress, streetOf } from "./reveal-address";

const zj = { state: "浙江省", city: "杭州市", district: "西湖区", town: null };

describe("revealedAddress", () => {
  it("prints the region once when the detail already starts with it", () => {
    expect(revealedAddress({ ...zj, addressDetail: "浙江省杭州市西湖区文三路 90 号" })).toBe("浙江省 杭州市 西湖区 文三路 90 号");
    expect(revealedAddress({ ...zj, addressDetail: "浙江省 杭州市 西湖区 文三路 90 号" })).toBe("浙江省 杭州市 西湖区 文三路 90 号");
  });

  it("takes off only the leading parts the detail repeats, in order", () => {
    expect(revealedAddress({ ...zj, addressDetail: "西湖区文三路 90 号" })).toBe("浙江省 杭州市 西湖区 文三路 90 号");
    expect(revealedAddress({ ...zj, town: "古荡街道", addressDetail: "浙江省杭州市西湖区古荡街道文三路 90 号" })).toBe("浙江省 杭州市 西湖区 古荡街道 文三路 90 号");
    // A street that merely mentions the district later keeps it.
    expect(revealedAddress({ ...zj, addressDetail: "文三路 90 号（西湖区政府对面）" })).toBe("浙江省 杭州市 西湖区 文三路 90 号（西湖区政府对面）");
  });

  it("keeps a detail without the region as it is", () => {
    expect(revealedAddress({ ...zj, addressDetail: "文三路 90 号" })).toBe("浙江省 杭州市 西湖区 文三路 90 号");
  });

  it("does not cut a shorter region name off a longer one (北京 / 北京市)", () => {
    expect(streetOf({ state: "北京", city: "北京市", district: "朝阳区", town: null, addressDetail: "北京市朝阳区建国路 1 号" })).toBe("建国路 1 号");
    expect(streetOf({ state: "北京", city: null, district: "朝阳区", town: null, addressDetail: "北京市朝阳区建国路 1 号" })).toBe("北京市朝阳区建国路 1 号");
    // A district ending in 区 is cut even when the street begins with 市 (市心路).
    expect(streetOf({ state: "浙江省", city: "杭州市", district: "萧山区", town: null, addressDetail: "萧山区市心路 1 号" })).toBe("市心路 1 号");
  });

  it("skips empty parts; nothing known is null", () => {
    expect(revealedAddress({ state: "上海", city: "", district: "浦东新区", town: " ", addressDetail: "上海浦东新区世纪大道 8 号" })).toBe("上海 浦东新区 世纪大道 8 号");
    expect(revealedAddress({ state: null, city: null, district: null, town: null, addressDetail: null })).toBeNull();
  });
});
