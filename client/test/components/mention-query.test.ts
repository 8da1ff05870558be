import {
  PICKER_MAX,
  insertMention,
  mentionQuery,
  mentionedIds,
  pickable,
} from '../../src/components/reply/mention-query';

const ann = { id: 'u1', nickname: 'Ann' };
const anna = { id: 'u2', nickname: 'Joanna' };
const bob = { id: 'u3', nickname: 'Bob' };
const 小明 = { id: 'u4', nickname: '小明' };

describe('mentionQuery', () => {
  it('is what follows an @ typed at the start or after a space, until a space', () => {
    expect(mentionQuery('@')).toBe('');
    expect(mentionQuery('hi @an')).toBe('an');
    expect(mentionQuery('hi\n@小')).toBe('小');
    expect(mentionQuery('hi @Ann ')).toBeNull();
    expect(mentionQuery('mail ann@example.com')).toBeNull();
    expect(mentionQuery('no mention')).toBeNull();
  });
});

describe('pickable', () => {
  it('offers the other members whose name contains the query, in any letter case', () => {
    const members = [ann, anna, bob, 小明];
    expect(pickable(members, 'AN', 'u3')).toEqual([ann, anna]);
    expect(pickable(members, '', 'u1')).toEqual([anna, bob, 小明]);
    expect(pickable(members, '明', null)).toEqual([小明]);
    expect(pickable(members, 'zz', null)).toEqual([]);
  });

  it('lists at most PICKER_MAX members', () => {
    const many = Array.from({ length: PICKER_MAX + 3 }, (_, index) => ({ id: `m${index}`, nickname: `m${index}` }));
    expect(pickable(many, 'm', null)).toHaveLength(PICKER_MAX);
  });
});

describe('insertMention', () => {
  it('replaces the @query being typed with the picked name and a space', () => {
    expect(insertMention('hi @jo', 'Joanna')).toBe('hi @Joanna ');
    expect(insertMention('@', '小明')).toBe('@小明 ');
  });
});

describe('mentionedIds', () => {
  it('keeps the picked members still named in the text, once each', () => {
    expect(mentionedIds('@Ann and @Bob', [ann, bob, ann])).toEqual(['u1', 'u3']);
    expect(mentionedIds('@Ann only', [ann, bob])).toEqual(['u1']);
    expect(mentionedIds('nobody', [ann])).toEqual([]);
  });
});
