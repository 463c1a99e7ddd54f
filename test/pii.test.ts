import { describe, expect, it } from 'vitest';
import { maskPii } from '../src/core/pii.js';

describe('maskPii', () => {
  it('keeps lead-in words before an address', () => {
    expect(maskPii('收货地址是广东省广州市天河区体育西路100号').text).toBe('收货地址是广东省[地址已隐藏]');
    expect(maskPii('我住在广州市天河区体育西路100号3栋').text).toBe('我住在广州市[地址已隐藏]');
    expect(maskPii('寄到上海市浦东新区世纪大道100号').text).toBe('寄到上海市[地址已隐藏]');
  });

  it('leaves road words without a house number', () => {
    for (const text of ['退款是原路退回吗', '我家在中山路，能送吗', '商家收到退货后 1-3 个工作日内原路退回', '马路对面的小区']) {
      expect(maskPii(text).text, text).toBe(text);
    }
  });

  it('masks the house number of an address', () => {
    const { text, found } = maskPii('地址北京市朝阳区建国路88号');

    expect(found).toEqual(['address']);
    expect(text).not.toContain('建国路');
    expect(text).not.toContain('88');
  });

  it('masks phones, ID numbers and emails', () => {
    const { text, found } = maskPii('电话13812345678，身份证110101199003071234，邮箱 li.lei@example.com');

    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('110101199003071234');
    expect(text).not.toContain('li.lei@example.com');
    expect([...found].sort()).toEqual(['email', 'id_card', 'phone']);
  });

  it('leaves order and tracking numbers alone', () => {
    expect(maskPii('订单 D202611250005，运单 SF1234567890123').text).toBe('订单 D202611250005，运单 SF1234567890123');
  });
});
